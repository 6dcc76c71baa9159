package dev.sluice.gateway.forward;

import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.gateway.caller.CallerResponse;
import dev.sluice.gateway.http.GatewayHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Azure's status contract for worker answers: 2xx pass through; answers the worker made itself
 * ({@code x-sluice-error}) keep their status; any other non-2xx is the scoring code failing, which the caller
 * sees as 424 with the original status and reason in {@code ms-azureml-model-error-*} headers.
 */
public final class ResponseMapping {

    public static final int MODEL_ERROR = 424;
    private static final int TOO_MANY_REQUESTS = 429;

    private ResponseMapping() {
    }

    /** The status the caller gets for this worker answer. */
    public static int statusFor(HttpResponse response) {
        int status = response.status().code();
        if (status / 100 == 2 || response.headers().contains(WorkerProtocol.ERROR_HEADER)) {
            return status;
        }
        return MODEL_ERROR;
    }

    /** True when an answer with this status to this method carries a body. */
    static boolean hasBody(int status, HttpMethod method) {
        return status != 204 && status != 304 && !HttpMethod.HEAD.equals(method);
    }

    /**
     * A small answer of known length is read whole and sent on in one write, head and body together: its length,
     * or -1 for an answer that streams.
     */
    static int wholeLength(HttpResponse response, HttpMethod method) {
        String length = response.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        return length != null && hasBody(statusFor(response), method) ? RequestBody.smallLength(length) : -1;
    }

    /** Writes status and headers of the caller's answer (not yet the body) and returns the status. */
    public static int apply(HttpResponse from, CallerResponse to) {
        int status = statusFor(from);
        ForwardHeaders.toCaller(from.headers(), to.headers());
        if (status == MODEL_ERROR && !from.headers().contains(WorkerProtocol.ERROR_HEADER)) {
            to.setStatus(status);
            to.headers().set(GatewayHeaders.MODEL_ERROR_STATUS, Integer.toString(from.status().code()));
            String reason = from.status().reasonPhrase();
            if (reason != null && !reason.isEmpty()) {
                to.headers().set(GatewayHeaders.MODEL_ERROR_REASON, reason);
            }
        } else if (status != 200) {
            // Keep the worker's reason phrase with its status (a 200's is always "OK").
            to.setStatus(status, from.status().reasonPhrase());
        } else {
            to.setStatus(status);
        }
        if (status == TOO_MANY_REQUESTS && !to.headers().contains(GatewayHeaders.RETRY_AFTER)) {
            // The worker's queue was full: tell the caller when to come back, as the gateway's own 429 does.
            to.headers().set(GatewayHeaders.RETRY_AFTER, "1");
        }
        return status;
    }
}
