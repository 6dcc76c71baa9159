package dev.sluice.worker.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads and drops the rest of a request body that was answered before it arrived (a worker that is not Ready),
 * so that the connection can carry the caller's next request, as HTTP/1.1 keep-alive needs. Bounded: a body that
 * goes on past {@link #MAX_BYTES} closes the connection instead. Nothing is kept but the count.
 */
final class BodyDrain implements Handler<Buffer> {

    static final long MAX_BYTES = 1024 * 1024;

    private final HttpServerRequest request;
    private long dropped;

    private BodyDrain(HttpServerRequest request) {
        this.request = request;
    }

    /** On the request's event loop, before its body has ended. */
    static void start(HttpServerRequest request) {
        request.handler(new BodyDrain(request));
    }

    @Override
    public void handle(Buffer chunk) {
        long before = dropped;
        dropped += chunk.length();
        if (before <= MAX_BYTES && dropped > MAX_BYTES) {
            request.connection().close();
        }
    }
}
