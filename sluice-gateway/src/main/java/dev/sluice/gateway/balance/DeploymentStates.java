package dev.sluice.gateway.balance;

import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.gateway.metrics.GatewayMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link DeploymentState} of every (endpoint, deployment) in the routing, found without building keys.
 * When a deployment or endpoint leaves the routing, its state is dropped and its meters leave the registry.
 */
public final class DeploymentStates {

    private final GatewayMetrics metrics;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, DeploymentState>> byEndpoint =
            new ConcurrentHashMap<>();
    /** The newest routing seen; null before the first. */
    private volatile RoutingSnapshot latest;

    private DeploymentStates(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    public static DeploymentStates create(GatewayMetrics metrics) {
        return new DeploymentStates(metrics);
    }

    public DeploymentState get(String endpoint, String deployment) {
        ConcurrentHashMap<String, DeploymentState> deployments = byEndpoint.get(endpoint);
        if (deployments == null) {
            deployments = byEndpoint.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
        }
        DeploymentState state = deployments.get(deployment);
        if (state == null) {
            state = deployments.computeIfAbsent(deployment, d -> new DeploymentState(endpoint, d, metrics));
            RoutingSnapshot newest = latest;
            // The caller's snapshot may be older than the one that removed the deployment: no series comes back.
            if (newest != null && !routes(newest, endpoint, deployment) && deployments.remove(deployment, state)) {
                state.close();
            }
        }
        return state;
    }

    /** The deployment's state, or null when the gateway has not served it (since it joined the routing). */
    public DeploymentState find(String endpoint, String deployment) {
        ConcurrentHashMap<String, DeploymentState> deployments = byEndpoint.get(endpoint);
        return deployments == null ? null : deployments.get(deployment);
    }

    /**
     * Called with every snapshot the gateway uses (each request's, and a periodic look at the current one): a
     * newer one than seen before drops the states and meters of deployments and endpoints it no longer has.
     */
    public void observe(RoutingSnapshot snapshot) {
        RoutingSnapshot seen = latest;
        if (seen != null && seen.version() >= snapshot.version()) {
            return;
        }
        synchronized (this) {
            // One at a time and in order: pruning by an older snapshot after a newer one would drop new deployments.
            if (latest == null || latest.version() < snapshot.version()) {
                latest = snapshot;
                prune(snapshot);
            }
        }
    }

    private void prune(RoutingSnapshot snapshot) {
        for (Map.Entry<String, ConcurrentHashMap<String, DeploymentState>> endpoint : byEndpoint.entrySet()) {
            endpoint.getValue().entrySet().removeIf(e -> {
                if (routes(snapshot, endpoint.getKey(), e.getKey())) {
                    return false;
                }
                e.getValue().close();
                return true;
            });
        }
        metrics.forgetUnroutedExcept(snapshot.endpoints().keySet());
    }

    private static boolean routes(RoutingSnapshot snapshot, String endpoint, String deployment) {
        EndpointRoute route = snapshot.endpoint(endpoint);
        return route != null && route.deployments().containsKey(deployment);
    }
}
