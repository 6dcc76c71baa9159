package dev.sluice.gateway.forward;

import dev.sluice.gateway.caller.CallerRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a caller's connection once the body it is still sending has arrived. Closing with unread bytes makes
 * the kernel reset the connection, and a caller still sending would lose the answer already on its way; so what
 * arrives is read and dropped first, as nginx's lingering close does: until the body ends, nothing arrives for
 * {@link #IDLE}, or {@link #MAX} has passed.
 */
final class LingeringClose {

    static final Duration IDLE = Duration.ofSeconds(2);
    static final Duration MAX = Duration.ofSeconds(30);

    private final CallerRequest request;
    private final long startNanos = System.nanoTime();
    private long lastReadNanos = startNanos;
    private ScheduledFuture<?> timer;
    private boolean closed;

    private LingeringClose(CallerRequest request) {
        this.request = request;
    }

    /** On the request's event loop, after the answer has been written. */
    static void after(CallerRequest request) {
        LingeringClose linger = new LingeringClose(request);
        linger.timer = request.loop().scheduleAtFixedRate(linger::check, IDLE.toMillis(), IDLE.toMillis(),
                TimeUnit.MILLISECONDS);
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
            timer.cancel(false);
            request.close();
        }
    }
}
