package dev.sluice.worker.runner;

import dev.sluice.core.error.ErrorBody;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.WorkerStatus;
import java.util.Map;

/**
 * A runner's own error answers (a bad request body, an unknown model or route): the one error body, as the
 * model's answer (no {@code x-sluice-error}), with the worker's status for the code unless the route says otherwise.
 */
public final class ErrorResult {

    private static final String JSON = "application/json";

    private ErrorResult() {
    }

    public static ScoringResult of(ErrorCode code, String message) {
        return of(WorkerStatus.TABLE.status(code), code, message);
    }

    /** With a status of the route's own, such as 405 for a method it does not answer. */
    public static ScoringResult of(int status, ErrorCode code, String message) {
        return new ScoringResult(status, Map.of("content-type", JSON), ErrorBody.json(code, message, null));
    }

    /**
     * An answer of Azure's inference server, whose code names ({@code NotFound}, {@code MethodNotAllowed}) are its
     * own; {@code allow} (the Allow header of a 405) may be null.
     */
    public static ScoringResult azure(int status, String code, String message, String allow) {
        Map<String, String> headers = allow == null ? Map.of("content-type", JSON)
                : Map.of("content-type", JSON, "allow", allow);
        return new ScoringResult(status, headers, ErrorBody.json(code, message, null));
    }
}
