package dev.sluice.gateway.http;

import dev.sluice.core.error.ErrorCode;

/** The gateway's HTTP edge: which status each {@link ErrorCode} is answered with (Azure's scoring codes). */
public final class GatewayStatus {

    /** Not a standard code: nginx's "client closed request", used only as a metrics label. */
    public static final int CLIENT_CLOSED = 499;

    private GatewayStatus() {
    }

    public static int of(ErrorCode code) {
        return switch (code) {
            case BAD_ARGUMENT, NOT_SUPPORTED -> 400;
            case UNAUTHORIZED -> 401;
            case NOT_FOUND -> 404;
            case REQUEST_TIMEOUT -> 408;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case MODEL_ERROR -> 424;
            case TOO_MANY_REQUESTS -> 429;
            case INSTANCE_FAILED -> 502;
            case NO_READY_INSTANCE, NOT_READY -> 503;
            case INIT_FAILED, ENVIRONMENT_FAILED, INTERNAL -> 500;
        };
    }
}
