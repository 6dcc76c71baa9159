package dev.sluice.gateway.forward;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a whole request body into memory, bounded by the gateway's limit. Used only for mirrored requests,
 * which are sent twice; every other body streams.
 */
public final class BodyCollector {

    private static final int INITIAL_CAPACITY = 4096;

    private BodyCollector() {
    }

    /** The body, or a failure: PAYLOAD_TOO_LARGE beyond {@code maxBytes}, or the connection's error. */
    public static Future<Buffer> collect(HttpServerRequest request, RequestBody declared, long maxBytes) {
        if (!declared.present()) {
            return Future.succeededFuture(Buffer.buffer());
        }
        Promise<Buffer> result = Promise.promise();
        int capacity = declared.shape() == BodyShape.SIZED ? (int) declared.length() : INITIAL_CAPACITY;
        Buffer body = Buffer.buffer(capacity);
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
