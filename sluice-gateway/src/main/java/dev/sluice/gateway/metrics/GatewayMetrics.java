package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the gateway's meters. Names are Micrometer's dotted form; a Prometheus registry shows them as
 * {@code sluice_requests_total}, {@code sluice_request_duration_seconds}, {@code sluice_queue_wait_seconds},
 * {@code sluice_inflight_requests} and {@code sluice_mirror_dropped_total}.
 * Callers keep what this returns, so the registry is consulted once per series, not per request. Series of
 * deployments and endpoints that left the routing are removed ({@link DeploymentMeters#close},
 * {@link #forgetUnroutedExcept}).
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
    /** The endpoints of the newest routing seen, or null before the first. */
    private volatile Set<String> routedEndpoints;

    private GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static GatewayMetrics create(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    /**
     * The meters of one deployment, with its live requests in flight at the gateway published as
     * {@code sluice_inflight_requests}: the load signal that the 429 limit uses and that autoscaling will.
     */
    public DeploymentMeters deployment(String endpoint, String deployment, AtomicInteger inFlight) {
        Gauge gauge = Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Live scoring requests of a deployment in flight at the gateway")
                .tags("endpoint", endpoint, "deployment", deployment)
                .strongReference(true)
                .register(registry);
        TrafficCounts counts = new TrafficCounts();
        return new DeploymentMeters(this, endpoint, deployment, requests(endpoint, deployment, Traffic.LIVE, counts),
                gauge, counts);
    }

    /** Meters for requests that reached {@code deployment}, live or mirrored. */
    RequestMeters requests(String endpoint, String deployment, Traffic traffic) {
        return requests(endpoint, deployment, traffic, null);
    }

    /** @param counts where live requests are also counted for autoscaling, or null */
    private RequestMeters requests(String endpoint, String deployment, Traffic traffic, TrafficCounts counts) {
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
        return new RequestMeters(registry, tags, duration, queueWait, counts);
    }

    /**
     * Meters for requests refused before a deployment was chosen. Only names of existing endpoints (or "")
     * become labels, so callers guessing endpoint names cannot grow the number of series.
     */
    public RequestMeters unrouted(String endpoint) {
        RequestMeters meters = unrouted.get(endpoint);
        if (meters == null) {
            meters = unrouted.computeIfAbsent(endpoint, e -> requests(e, NO_DEPLOYMENT, Traffic.LIVE));
            Set<String> routed = routedEndpoints;
            // The caller's snapshot may be older than the routing that removed the endpoint.
            if (!endpoint.isEmpty() && routed != null && !routed.contains(endpoint)
                    && unrouted.remove(endpoint, meters)) {
                meters.close();
            }
        }
        return meters;
    }

    /**
     * The routing now has exactly these endpoints: the series of requests refused at any other are removed;
     * those refused before an endpoint was found ({@code endpoint=""}) stay.
     */
    public void forgetUnroutedExcept(Set<String> endpoints) {
        routedEndpoints = Set.copyOf(endpoints);
        unrouted.entrySet().removeIf(e -> {
            if (e.getKey().isEmpty() || endpoints.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    /** The counter of mirror copies dropped because the mirror queue was full. */
    Counter mirrorDropped(String endpoint, String deployment) {
        return Counter.builder(MIRROR_DROPPED)
                .description("Mirror copies dropped because too many were in flight")
                .tags("endpoint", endpoint, "deployment", deployment)
                .register(registry);
    }

    /** The id of that counter, for one that counts nowhere. */
    Meter.Id mirrorDroppedId(String endpoint, String deployment) {
        return new Meter.Id(MIRROR_DROPPED, Tags.of("endpoint", endpoint, "deployment", deployment), null, null,
                Meter.Type.COUNTER);
    }

    void remove(Meter meter) {
        registry.remove(meter);
    }
}
