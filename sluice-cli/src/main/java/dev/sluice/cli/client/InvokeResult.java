package dev.sluice.cli.client;

/**
 * What a scoring request answered.
 *
 * @param status     the HTTP status
 * @param body       the body as text (UTF-8)
 * @param deployment the {@code azureml-model-deployment} header: which deployment answered, or null
 * @param requestId  the {@code x-request-id} header, or null
 */
public record InvokeResult(int status, String body, String deployment, String requestId) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
