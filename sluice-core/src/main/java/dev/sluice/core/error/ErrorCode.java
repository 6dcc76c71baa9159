package dev.sluice.core.error;

/**
 * What went wrong, independent of transport. Inner layers throw {@link SluiceException} with one of these;
 * only the HTTP edges (management API, gateway, worker) turn them into status codes, each through its
 * {@link StatusTable}: these defaults plus the few codes that edge answers otherwise.
 * Each code carries the Azure-style name that error bodies show as {@code error.code}.
 */
public enum ErrorCode {
    BAD_ARGUMENT("BadArgument", 400),
    NOT_FOUND("ResourceNotFound", 404),
    CONFLICT("Conflict", 409),
    NOT_SUPPORTED("NotSupported", 400),
    UNAUTHORIZED("Unauthorized", 401),
    /** Known caller, not allowed: a read-only token that asks for a change, a client outside the private networks. */
    FORBIDDEN("Forbidden", 403),
    NOT_READY("ResourceNotReady", 503),
    REQUEST_TIMEOUT("RequestTimeout", 408),
    PAYLOAD_TOO_LARGE("PayloadTooLarge", 413),
    TOO_MANY_REQUESTS("TooManyRequests", 429),
    MODEL_ERROR("ModelError", 424),
    INSTANCE_FAILED("InstanceFailed", 502),
    NO_READY_INSTANCE("NoReadyInstance", 503),
    INIT_FAILED("UserScriptInitFailed", 500),
    ENVIRONMENT_FAILED("ImageBuildFailure", 500),
    /** An {@code If-Match} that no longer matches: the resource changed since the caller read it. */
    PRECONDITION_FAILED("PreconditionFailed", 412),
    INTERNAL("InternalServerError", 500);

    private final String azureName;
    private final int defaultStatus;

    ErrorCode(String azureName, int defaultStatus) {
        this.azureName = azureName;
        this.defaultStatus = defaultStatus;
    }

    /** The name shown as {@code error.code} in JSON error bodies. */
    public String azureName() {
        return azureName;
    }

    /** The HTTP status an edge answers with unless its {@link StatusTable} says otherwise. */
    public int defaultStatus() {
        return defaultStatus;
    }
}
