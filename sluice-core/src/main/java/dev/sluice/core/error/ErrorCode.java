package dev.sluice.core.error;

/**
 * What went wrong, independent of transport. Inner layers throw {@link SluiceException} with one of these;
 * only the HTTP edges (management API, gateway) turn them into status codes.
 * Each code carries the Azure-style name that error bodies show as {@code error.code}.
 */
public enum ErrorCode {
    BAD_ARGUMENT("BadArgument"),
    NOT_FOUND("ResourceNotFound"),
    CONFLICT("Conflict"),
    NOT_SUPPORTED("NotSupported"),
    UNAUTHORIZED("Unauthorized"),
    NOT_READY("ResourceNotReady"),
    REQUEST_TIMEOUT("RequestTimeout"),
    PAYLOAD_TOO_LARGE("PayloadTooLarge"),
    TOO_MANY_REQUESTS("TooManyRequests"),
    MODEL_ERROR("ModelError"),
    INSTANCE_FAILED("InstanceFailed"),
    NO_READY_INSTANCE("NoReadyInstance"),
    INIT_FAILED("UserScriptInitFailed"),
    ENVIRONMENT_FAILED("ImageBuildFailure"),
    INTERNAL("InternalServerError");

    private final String azureName;

    ErrorCode(String azureName) {
        this.azureName = azureName;
    }

    /** The name shown as {@code error.code} in JSON error bodies. */
    public String azureName() {
        return azureName;
    }
}
