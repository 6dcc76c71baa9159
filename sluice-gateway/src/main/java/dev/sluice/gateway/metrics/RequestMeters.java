package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request counter and duration timer of one (endpoint, deployment, mirrored) series. Counters per status
 * are looked up once and then kept in an array indexed by the status, so recording costs no string building
 * and no registry lookup on the request path.
 */
public final class RequestMeters {

    private static final int STATUS_SLOTS = 600;

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer duration;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(STATUS_SLOTS);

    RequestMeters(MeterRegistry registry, Tags tags, Timer duration) {
        this.registry = registry;
        this.tags = tags;
        this.duration = duration;
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
