package dev.sluice.core.routing;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.spec.RequestSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the routing snapshot from committed state and the instances that are Ready. Pure: the controller
 * calls it whenever either changes and publishes the result.
 *
 * <p>Schedules carry a position; when an endpoint's weights did not change, the previous snapshot's
 * schedule object is kept, so that publishing (say, because an instance turned Ready) does not restart
 * the cycle and skew the split.
 */
public final class SnapshotBuilder {

    private SnapshotBuilder() {
    }

    public static RoutingSnapshot build(RoutingSnapshot previous, List<Endpoint> endpoints,
                                        List<Deployment> deployments, Map<DeploymentId, List<InstanceRoute>> ready) {
        return build(previous, endpoints, deployments, ready, Set.of());
    }

    /** @param onDemand the deployments whose instances start on demand ({@link OnDemandDeployments}) */
    public static RoutingSnapshot build(RoutingSnapshot previous, List<Endpoint> endpoints,
                                        List<Deployment> deployments, Map<DeploymentId, List<InstanceRoute>> ready,
                                        Set<DeploymentId> onDemand) {
        Map<String, Map<String, DeploymentRoute>> byEndpoint = new HashMap<>();
        for (Deployment d : deployments) {
            RequestSettings settings = d.spec().requestSettingsOrDefault();
            DeploymentId id = DeploymentId.of(d);
            DeploymentRoute route = new DeploymentRoute(d.name(), settings.requestTimeout(), settings.maxConcurrent(),
                    settings.maxQueueWait(), ready.getOrDefault(id, List.of()), onDemand.contains(id));
            byEndpoint.computeIfAbsent(d.endpointName(), k -> new HashMap<>()).put(d.name(), route);
        }
        Map<String, EndpointRoute> routes = new HashMap<>();
        for (Endpoint e : endpoints) {
            EndpointRoute old = previous.endpoint(e.name());
            routes.put(e.name(), new EndpointRoute(e.name(),
                    EndpointCredentials.ofKeys(e.keys().primaryKey(), e.keys().secondaryKey()),
                    traffic(old, e.spec().traffic()),
                    mirror(old, e.spec().mirrorTraffic()),
                    byEndpoint.getOrDefault(e.name(), Map.of()),
                    EndpointPolicy.of(e.spec())));
        }
        return new RoutingSnapshot(previous.version() + 1, routes);
    }

    private static TrafficSchedule traffic(EndpointRoute old, Map<String, Integer> weights) {
        TrafficSchedule fresh = TrafficSchedule.of(weights);
        if (old != null && old.traffic().weights().equals(fresh.weights())) {
            return old.traffic();
        }
        return fresh;
    }

    private static MirrorSchedule mirror(EndpointRoute old, Map<String, Integer> mirrorTraffic) {
        for (Map.Entry<String, Integer> m : mirrorTraffic.entrySet()) {
            if (m.getValue() != null && m.getValue() > 0) {
                MirrorSchedule previous = old == null ? null : old.mirror();
                if (previous != null && previous.deployment().equals(m.getKey()) && previous.percent() == m.getValue()) {
                    return previous;
                }
                return MirrorSchedule.of(m.getKey(), m.getValue());
            }
        }
        return null;
    }
}
