package dev.sluice.gateway.forward;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * Closes a caller's connection once the body it is still sending has arrived. Closing with unread bytes makes
 * the kernel reset the connection, and a caller still sending would lose the answer already on its way; so what
 * arrives is read and dropped first, as nginx's lingering close does: until the body ends, nothing arrives for
 * {@link #IDLE}, or {@link #MAX} has passed.
 */
final class LingeringClose {

    static final Duration IDLE = Duration.ofSeconds(2);
    static final Duration MAX = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final HttpConnection connection;
    private final long startNanos = System.nanoTime();
    private long lastReadNanos = startNanos;
    private long timer = -1;
    private boolean closed;

    private LingeringClose(Vertx vertx, HttpConnection connection) {
        this.vertx = vertx;
        this.connection = connection;
    }

    /** On the request's event loop, after the answer has been written. */
    static void after(Vertx vertx, HttpServerRequest request) {
        LingeringClose linger = new LingeringClose(vertx, request.connection());
        linger.timer = vertx.setPeriodic(IDLE.toMillis(), id -> linger.check());
        request.handler(dropped -> linger.lastReadNanos = System.nanoTime()).endHandler(v -> linger.close());
        request.resume();
    }

    private void check() {
        long now = System.nanoTime();
        if (now - lastReadNanos >= IDLE.toNanos() || now - startNanos >= MAX.toNanos()) {
            close();
        }
    }

    private void close() {
        if (!closed) {
            closed = true;
            vertx.cancelTimer(timer);
            connection.close();
        }
    }
}
