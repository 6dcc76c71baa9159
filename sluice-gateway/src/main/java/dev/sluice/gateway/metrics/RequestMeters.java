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
 * no string building and no registry lookup on the request path.
 */
public final class RequestMeters {

    private static final int STATUS_SLOTS = 600;

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer duration;
    /** Null for requests refused before a deployment was chosen. */
    private final Timer queueWait;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(STATUS_SLOTS);

    RequestMeters(MeterRegistry registry, Tags tags, Timer duration, Timer queueWait) {
        this.registry = registry;
        this.tags = tags;
        this.duration = duration;
        this.queueWait = queueWait;
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
            }
        } catch (NumberFormatException e) {
            // Only a Sluice worker sets the header; a value that does not parse is not worth failing an answer.
        }
    }

    /** Counts one answered request with its status and records how long it took since {@code startNanos}. */
    public void record(int status, long startNanos) {
        duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        counter(status).increment();
    }

    private Counter counter(int status) {
        int slot = status > 0 && status < STATUS_SLOTS ? status : 0;
        Counter counter = byStatus.get(slot);
        if (counter == null) {
            // Two threads may both register; the registry hands both the same counter, so the race is harmless.
            counter = Counter.builder(GatewayMetrics.REQUESTS)
                    .description("Scoring requests answered by the gateway")
                    .tags(tags)
                    .tag("status", Integer.toString(status))
                    .register(registry);
            byStatus.set(slot, counter);
        }
        return counter;
    }
}
