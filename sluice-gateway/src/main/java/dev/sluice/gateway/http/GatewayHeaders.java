package dev.sluice.gateway.http;

/** Header names of the scoring contract (lower case, as HTTP/2 and Vert.x's case-insensitive maps like). */
public final class GatewayHeaders {

    public static final String DEPLOYMENT = "azureml-model-deployment";
    public static final String REQUEST_ID = "x-request-id";
    public static final String CLIENT_REQUEST_ID = "x-ms-client-request-id";
    public static final String MODEL_ERROR_STATUS = "ms-azureml-model-error-statuscode";
    public static final String MODEL_ERROR_REASON = "ms-azureml-model-error-reason";
    public static final String RETRY_AFTER = "retry-after";
    public static final String WWW_AUTHENTICATE = "www-authenticate";

    private GatewayHeaders() {
    }
}
