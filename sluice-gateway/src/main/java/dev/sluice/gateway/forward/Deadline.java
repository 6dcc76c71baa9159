package dev.sluice.gateway.forward;

import java.time.Duration;

/**
 * When a request's time is up: its arrival at the gateway plus its deployment's {@code request_timeout_ms}. Every
 * wait of the request (for an instance to start, for a place under the in-flight limit, for its body, for the
 * worker's answer) spends from this one budget, so the whole exchange is bounded by the timeout, not each step.
 *
 * @param nanos   the deadline on {@link System#nanoTime()}'s scale
 * @param timeout the request timeout it was made from, for messages
 */
public record Deadline(long nanos, Duration timeout) {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    public static Deadline after(long startNanos, Duration timeout) {
        return new Deadline(startNanos + Math.max(1, timeout.toNanos()), timeout);
    }

    public boolean passed(long nowNanos) {
        return nowNanos - nanos >= 0;
    }

    /** The budget left at {@code nowNanos}, rounded up, and at least 1 ms: a timer needs a positive delay. */
    public long remainingMillis(long nowNanos) {
        long left = nanos - nowNanos;
        return left <= 0 ? 1 : Math.max(1, (left + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI);
    }

    /** The timeout as the user wrote it, for messages. */
    public long timeoutMillis() {
        return timeout.toMillis();
    }
}
