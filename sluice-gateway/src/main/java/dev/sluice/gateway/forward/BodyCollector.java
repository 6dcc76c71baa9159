package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.gateway.caller.CallerRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Reads a whole request body into memory, bounded by the gateway's limit. Used for mirrored requests, which
 * are sent twice, however large; other requests read only small bodies whole ({@link LiveForward}).
 */
public final class BodyCollector {

    private static final int INITIAL_CAPACITY = 4096;
    /** A declared length is only a claim: memory is taken as bytes arrive, beyond this first block. */
    private static final int MAX_INITIAL_CAPACITY = 64 * 1024;

    private BodyCollector() {
    }

    /**
     * The body, or a failure: PAYLOAD_TOO_LARGE beyond {@code maxBytes}, REQUEST_TIMEOUT when it has not all
     * arrived by {@code deadline}, or the connection's error. Answers {@code Expect: 100-continue} itself,
     * so a client that waits for it (curl does above 1 KiB) is not delayed.
     */
    public static Future<Buffer> collect(Vertx vertx, CallerRequest request, RequestBody declared, long maxBytes,
                                         Deadline deadline) {
        if (!declared.present()) {
            return Future.succeededFuture(Buffer.buffer());
        }
        Promise<Buffer> result = Promise.promise();
        int capacity = declared.shape() == BodyShape.SIZED
                ? (int) Math.min(declared.length(), MAX_INITIAL_CAPACITY) : INITIAL_CAPACITY;
        Buffer body = Buffer.buffer(capacity);
        long timer = vertx.setTimer(deadline.remainingMillis(System.nanoTime()), id -> {
            request.handler(null);
            result.tryFail(SluiceException.of(ErrorCode.REQUEST_TIMEOUT, "the request body did not arrive within "
                    + "request_timeout_ms (" + deadline.timeoutMillis() + ")"));
        });
        result.future().onComplete(done -> vertx.cancelTimer(timer));
        if (HttpUtil.is100ContinueExpected(request.head())) {
            request.response().writeContinue();
        }
        request.handler(chunk -> {
            if (body.length() + (long) chunk.length() > maxBytes) {
                request.handler(null);
                result.tryFail(RequestBody.tooLarge("more than " + maxBytes + " bytes", maxBytes));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(result::tryFail);
        request.endHandler(v -> result.tryComplete(body));
        return result.future();
    }
}
