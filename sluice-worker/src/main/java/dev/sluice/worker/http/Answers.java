package dev.sluice.worker.http;

import dev.sluice.core.error.ErrorBody;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.WorkerStatus;
import dev.sluice.worker.runner.RunFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes the one answer of an exchange and its access line. Call only on the exchange's context.
 * Answers that the worker makes itself carry {@code x-sluice-error}; the runner's answers do not.
 */
final class Answers {

    static final String EXEC_MS_HEADER = "x-ms-run-fn-exec-ms";
    static final String RUN_FAILED_HEADER = "x-ms-run-function-failed";
    static final int CLIENT_CLOSED = 499;
    private static final String JSON = "application/json";
    /** Headers that describe the connection or framing: Vert.x sets them, scoring code must not. */
    private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade");

    private final AccessLog accessLog;
    private final InflightTracker inflight;
    private final PrintStream err;

    Answers(AccessLog accessLog, InflightTracker inflight, PrintStream err) {
        this.accessLog = accessLog;
        this.inflight = inflight;
        this.err = err;
    }

    /** A worker-made error: its {@link WorkerStatus}, {@code x-sluice-error: <code>} and the JSON error body. */
    void error(ScoringExchange ex, ErrorCode code, String message) {
        if (!ex.claim()) {
            return;
        }
        HttpServerResponse response = ex.request.response();
        response.putHeader(WorkerProtocol.ERROR_HEADER, code.azureName());
        send(ex, WorkerStatus.TABLE.status(code), JSON, Buffer.buffer(ErrorBody.json(code, message, null)));
    }

    /** The runner's answer, passed through with its status and headers. */
    void result(ScoringExchange ex, ScoringResult result, long execMillis) {
        if (!ex.claim()) {
            return;
        }
        HttpServerResponse response = ex.request.response();
        String contentType = null;
        for (Map.Entry<String, String> h : result.headers().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-type")) {
                contentType = h.getValue();
            } else if (!HOP_BY_HOP.contains(name)) {
                response.putHeader(h.getKey(), h.getValue());
            }
        }
        response.putHeader(EXEC_MS_HEADER, Long.toString(execMillis));
        send(ex, result.status(), contentType, Buffer.buffer(result.body()));
    }

    /** The runner threw: Azure's answer to an exception in {@code run()}, a 500 that the gateway makes a 424. */
    void runFailed(ScoringExchange ex, Throwable failure, long execMillis) {
        if (!ex.claim()) {
            return;
        }
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        err.print("request " + ex.requestId + ": scoring failed: " + trace);
        HttpServerResponse response = ex.request.response();
        response.putHeader(RUN_FAILED_HEADER, "True");
        response.putHeader(EXEC_MS_HEADER, Long.toString(execMillis));
        send(ex, WorkerStatus.TABLE.status(ErrorCode.MODEL_ERROR), JSON, Buffer.buffer(failureBody(failure)));
    }

    private static byte[] failureBody(Throwable failure) {
        if (failure instanceof RunFailure written && written.errorBody().length > 0) {
            return written.errorBody();
        }
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return ErrorBody.json(ErrorCode.MODEL_ERROR, message, null);
    }

    /** The caller closed the connection before any answer; 499 is nginx's word for it. */
    void abandoned(ScoringExchange ex) {
        if (ex.claim()) {
            accessLog.log(ex.request.method().name(), ex.request.path(), CLIENT_CLOSED,
                    ex.elapsedMillis(System.nanoTime()), ex.requestId);
            inflight.exit();
        }
    }

    private void send(ScoringExchange ex, int status, String contentType, Buffer body) {
        HttpServerResponse response = ex.request.response();
        response.setStatusCode(status);
        response.putHeader(WorkerProtocol.REQUEST_ID_HEADER, ex.requestId);
        if (ex.queueWaitNanos >= 0) {
            response.putHeader(WorkerProtocol.QUEUE_WAIT_HEADER,
                    Long.toString(TimeUnit.NANOSECONDS.toMicros(ex.queueWaitNanos)));
        }
        if (contentType != null) {
            response.putHeader("content-type", contentType);
        }
        if (!response.closed()) {
            response.end(body);
        }
        accessLog.log(ex.request.method().name(), ex.request.path(), status,
                ex.elapsedMillis(System.nanoTime()), ex.requestId);
        inflight.exit();
    }
}
