package dev.sluice.worker.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * Reads and drops the rest of a request body that was answered before it arrived (a worker that is not Ready),
 * so that the connection can carry the caller's next request, as HTTP/1.1 keep-alive needs. Bounded: a body that
 * goes on past {@link #MAX_BYTES}, or from which nothing arrives for {@link #IDLE}, closes the connection instead.
 * Nothing is kept: only a count of the bytes dropped.
 */
final class BodyDrain {

    static final long MAX_BYTES = 1024 * 1024;
    static final Duration IDLE = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final HttpConnection connection;
    private long dropped;
    private long lastReadNanos = System.nanoTime();
    private long timer = -1;
    private boolean done;

    private BodyDrain(Vertx vertx, HttpConnection connection) {
        this.vertx = vertx;
        this.connection = connection;
    }

    /** On the request's event loop, before its body has ended. */
    static void start(Vertx vertx, HttpServerRequest request) {
        BodyDrain drain = new BodyDrain(vertx, request.connection());
        drain.timer = vertx.setPeriodic(IDLE.toMillis(), id -> drain.checkIdle());
        request.handler(chunk -> drain.dropped(chunk.length()));
        request.endHandler(v -> drain.stop());
        request.exceptionHandler(e -> drain.close());
    }

    private void dropped(int bytes) {
        dropped += bytes;
        lastReadNanos = System.nanoTime();
        if (dropped > MAX_BYTES) {
            close();
        }
    }

    private void checkIdle() {
        if (System.nanoTime() - lastReadNanos >= IDLE.toNanos()) {
            close();
        }
    }

    /** The body ended (or the drain gave up): true for the one caller that stops it. */
    private boolean stop() {
        if (done) {
            return false;
        }
        done = true;
        vertx.cancelTimer(timer);
        return true;
    }

    private void close() {
        if (stop()) {
            connection.close();
        }
    }
}
