package dev.sluice.gateway.balance;

import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.routing.LeastOutstandingBalancer;
import dev.sluice.gateway.metrics.DeploymentMeters;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.metrics.RequestMeters;
import dev.sluice.gateway.metrics.Traffic;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway keeps about one deployment across snapshots: the live requests in flight (for the 429
 * limit), its balancer and its meters, which leave the registry when the deployment leaves the routing.
 */
public final class DeploymentState {

    private final String endpoint;
    private final String deployment;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final WaitOrder waiting = new WaitOrder();
    private final LeastOutstandingBalancer balancer = LeastOutstandingBalancer.create();
    private final DeploymentMeters meters;

    DeploymentState(String endpoint, String deployment, GatewayMetrics metrics) {
        this.endpoint = endpoint;
        this.deployment = deployment;
        this.meters = metrics.deployment(endpoint, deployment, inFlight);
    }

    /**
     * Takes a place for one live request, or refuses (null) when that would put more than
     * {@code 2 × max_concurrent_requests_per_instance × ready instances} in flight. The caller owns the permit
     * and releases it when the request is done.
     */
    public Permit tryAdmit(DeploymentRoute route) {
        int limit = 2 * Math.max(1, route.maxConcurrentPerInstance()) * route.readyInstances().size();
        return Permit.tryTake(inFlight, limit);
    }

    /** The requests held for this deployment at the gateway, in order. */
    public WaitOrder waiting() {
        return waiting;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The deployment's live traffic so far, for the control plane's metrics. */
    public DeploymentTraffic traffic() {
        return meters.traffic().reading(inFlight.get());
    }

    /** The least-loaded of {@code candidates}, or null when there is none. */
    public InstanceRoute pick(List<InstanceRoute> candidates, InstanceLoad load) {
        return balancer.pick(candidates, load);
    }

    public RequestMeters meters(Traffic traffic) {
        return meters.requests(traffic);
    }

    public Counter mirrorDropped() {
        return meters.mirrorDropped();
    }

    public String endpoint() {
        return endpoint;
    }

    public String deployment() {
        return deployment;
    }

    /** The deployment left the routing: its meters leave the registry (requests still in flight count nowhere). */
    void close() {
        meters.close();
    }
}
