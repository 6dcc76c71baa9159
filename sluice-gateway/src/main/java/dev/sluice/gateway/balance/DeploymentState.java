package dev.sluice.gateway.balance;

import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.routing.LeastOutstandingBalancer;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.metrics.RequestMeters;
import dev.sluice.gateway.metrics.Traffic;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway keeps about one deployment across snapshots: the live requests in flight (for the 429
 * limit), its balancer and its meters.
 */
public final class DeploymentState {

    private final String endpoint;
    private final String deployment;
    private final GatewayMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LeastOutstandingBalancer balancer = LeastOutstandingBalancer.create();
    private final RequestMeters live;
    private volatile RequestMeters mirrored;
    private volatile Counter mirrorDropped;

    DeploymentState(String endpoint, String deployment, GatewayMetrics metrics) {
        this.endpoint = endpoint;
        this.deployment = deployment;
        this.metrics = metrics;
        this.live = metrics.requests(endpoint, deployment, Traffic.LIVE);
        metrics.inFlight(endpoint, deployment, inFlight);
    }

    /**
     * Takes a place for one live request, or refuses when that would put more than
     * {@code 2 × max_concurrent_requests_per_instance × ready instances} in flight.
     */
    public boolean tryAdmit(DeploymentRoute route) {
        int limit = 2 * Math.max(1, route.maxConcurrentPerInstance()) * route.readyInstances().size();
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back the place taken by {@link #tryAdmit}. */
    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The least-loaded of {@code candidates}, or null when there is none. */
    public InstanceRoute pick(List<InstanceRoute> candidates, InstanceLoad load) {
        return balancer.pick(candidates, load);
    }

    public RequestMeters meters(Traffic traffic) {
        return traffic == Traffic.LIVE ? live : mirroredMeters();
    }

    public Counter mirrorDropped() {
        Counter counter = mirrorDropped;
        if (counter == null) {
            counter = metrics.mirrorDropped(endpoint, deployment);
            mirrorDropped = counter;
        }
        return counter;
    }

    public String endpoint() {
        return endpoint;
    }

    public String deployment() {
        return deployment;
    }

    private RequestMeters mirroredMeters() {
        RequestMeters meters = mirrored;
        if (meters == null) {
            // Created lazily: most deployments are never mirrored and need no mirrored="true" series.
            meters = metrics.requests(endpoint, deployment, Traffic.MIRROR);
            mirrored = meters;
        }
        return meters;
    }
}
