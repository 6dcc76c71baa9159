package dev.sluice.controlplane.api;

import dev.sluice.core.error.ErrorCode;

/** The HTTP edge's one mapping from {@link ErrorCode} to status (internals.md, "Management REST API"). */
final class ErrorStatus {

    private ErrorStatus() {
    }

    static int of(ErrorCode code) {
        return switch (code) {
            case BAD_ARGUMENT, NOT_SUPPORTED -> 400;
            case UNAUTHORIZED -> 401;
            case NOT_FOUND -> 404;
            case REQUEST_TIMEOUT -> 408;
            case CONFLICT, NOT_READY -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case MODEL_ERROR -> 424;
            case TOO_MANY_REQUESTS -> 429;
            case INSTANCE_FAILED -> 502;
            case NO_READY_INSTANCE -> 503;
            case INIT_FAILED, ENVIRONMENT_FAILED, INTERNAL -> 500;
        };
    }
}
