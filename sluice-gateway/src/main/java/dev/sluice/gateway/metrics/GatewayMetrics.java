package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the gateway's meters. Names are Micrometer's dotted form; a Prometheus registry shows them as
 * {@code sluice_requests_total}, {@code sluice_request_duration_seconds}, {@code sluice_queue_wait_seconds},
 * {@code sluice_inflight_requests} and {@code sluice_mirror_dropped_total}.
 * Callers keep what this returns, so the registry is consulted once per series, not per request.
 */
public final class GatewayMetrics {

    static final String REQUESTS = "sluice.requests";
    static final String DURATION = "sluice.request.duration";
    static final String MIRROR_DROPPED = "sluice.mirror.dropped";
    static final String IN_FLIGHT = "sluice.inflight.requests";
    static final String QUEUE_WAIT = "sluice.queue.wait";

    /** The deployment label of requests refused before a deployment was chosen. */
    public static final String NO_DEPLOYMENT = "";

    /** Classic latency buckets from 1 ms (the gateway's own overhead) to 5 min (Kubernetes' timeout cap). */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(180),
            Duration.ofSeconds(300)};

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, RequestMeters> unrouted = new ConcurrentHashMap<>();

    private GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static GatewayMetrics create(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    /**
     * Publishes a deployment's live requests in flight at the gateway ({@code sluice_inflight_requests}): the
     * load signal that the 429 limit uses and that autoscaling will.
     */
    public void inFlight(String endpoint, String deployment, AtomicInteger count) {
        Gauge.builder(IN_FLIGHT, count, AtomicInteger::get)
                .description("Live scoring requests of a deployment in flight at the gateway")
                .tags("endpoint", endpoint, "deployment", deployment)
                .strongReference(true)
                .register(registry);
    }

    /** Meters for requests that reached {@code deployment}, live or mirrored. */
    public RequestMeters requests(String endpoint, String deployment, Traffic traffic) {
        Tags tags = Tags.of("endpoint", endpoint, "deployment", deployment, "mirrored", traffic.tag());
        Timer duration = Timer.builder(DURATION)
                .description("Time from the gateway receiving a scoring request to the end of its answer")
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        // Requests refused before a deployment was chosen never reach a queue: no empty histogram for them.
        Timer queueWait = deployment.equals(NO_DEPLOYMENT) ? null : Timer.builder(QUEUE_WAIT)
                .description("Time scoring requests waited in an instance's queue for a scoring slot")
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        return new RequestMeters(registry, tags, duration, queueWait);
    }

    /**
     * Meters for requests refused before a deployment was chosen. Only names of existing endpoints (or "")
     * become labels, so callers guessing endpoint names cannot grow the number of series.
     */
    public RequestMeters unrouted(String endpoint) {
        RequestMeters meters = unrouted.get(endpoint);
        if (meters == null) {
            meters = unrouted.computeIfAbsent(endpoint, e -> requests(e, NO_DEPLOYMENT, Traffic.LIVE));
        }
        return meters;
    }

    /** The counter of mirror copies dropped because the mirror queue was full. */
    public Counter mirrorDropped(String endpoint, String deployment) {
        return Counter.builder(MIRROR_DROPPED)
                .description("Mirror copies dropped because too many were in flight")
                .tags("endpoint", endpoint, "deployment", deployment)
                .register(registry);
    }
}
