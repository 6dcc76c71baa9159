package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request counter, duration and queue-wait timers of one (endpoint, deployment, mirrored) series.
 * Counters per status are looked up once and then kept in an array indexed by the status, so recording costs
 * no string building and no registry lookup on the request path. Every HTTP status (100..599) is counted under
 * its own label; anything else (a worker answering 600 or more) under {@value #OTHER_STATUS}, never under another
 * code's label.
 */
public final class RequestMeters {

    /** The {@code status} label of answers whose status is no HTTP status (outside 100..599). */
    public static final String OTHER_STATUS = "other";
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;
    /** Slot 0 is the one for {@link #OTHER_STATUS}; slot s - 99 the one of status s. */
    private static final int SLOTS = MAX_STATUS - MIN_STATUS + 2;

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer duration;
    /** Null for requests refused before a deployment was chosen. */
    private final Timer queueWait;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(SLOTS);
    /** Live requests are also counted here for autoscaling; null for mirrored and unrouted ones. */
    private final TrafficCounts counts;
    private boolean closed;

    RequestMeters(MeterRegistry registry, Tags tags, Timer duration, Timer queueWait, TrafficCounts counts) {
        this.registry = registry;
        this.tags = tags;
        this.duration = duration;
        this.queueWait = queueWait;
        this.counts = counts;
    }

    /**
     * Records the wait in an instance's queue that the worker reported in {@code x-sluice-queue-wait-us}; a
     * missing or malformed value (an answer the worker made before queueing) records nothing.
     */
    public void recordQueueWait(String micros) {
        if (micros == null || queueWait == null) {
            return;
        }
        try {
            long value = Long.parseLong(micros);
            if (value >= 0) {
                queueWait.record(value, TimeUnit.MICROSECONDS);
                if (counts != null) {
                    counts.queueWait(value);
                }
            }
        } catch (NumberFormatException e) {
            // Only a Sluice worker sets the header; a value that does not parse is not worth failing an answer.
        }
    }

    /** Counts one answered request with its status and records how long it took since {@code startNanos}. */
    public void record(int status, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        duration.record(nanos, TimeUnit.NANOSECONDS);
        if (counts != null) {
            counts.answered(nanos);
        }
        int slot = status >= MIN_STATUS && status <= MAX_STATUS ? status - MIN_STATUS + 1 : 0;
        Counter counter = byStatus.get(slot);
        if (counter == null) {
            counter = register(slot);
        }
        if (counter != null) {
            counter.increment();
        }
    }

    /** Once per status and series; null once closed, so that a closed series never comes back. */
    private synchronized Counter register(int slot) {
        if (closed) {
            return null;
        }
        Counter counter = byStatus.get(slot);
        if (counter == null) {
            counter = Counter.builder(GatewayMetrics.REQUESTS)
                    .description("Scoring requests answered by the gateway")
                    .tags(tags)
                    .tag("status", slot == 0 ? OTHER_STATUS : Integer.toString(slot + MIN_STATUS - 1))
                    .register(registry);
            byStatus.set(slot, counter);
        }
        return counter;
    }

    /** Removes every meter of this series from the registry; what is recorded afterwards counts nowhere. */
    synchronized void close() {
        closed = true;
        registry.remove(duration);
        if (queueWait != null) {
            registry.remove(queueWait);
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            Counter counter = byStatus.get(slot);
            if (counter != null) {
                registry.remove(counter);
            }
        }
    }
}
