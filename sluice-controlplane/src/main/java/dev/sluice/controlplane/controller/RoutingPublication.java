package dev.sluice.controlplane.controller;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.core.routing.SnapshotBuilder;
import dev.sluice.core.routing.SnapshotPublisher;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the routing snapshot from committed state and the Ready instances, and publishes it only when
 * something the gateway sees changed. Controller thread only.
 */
final class RoutingPublication {

    /** What a snapshot is built from; equal inputs give an equal routing. */
    private record Inputs(List<Endpoint> endpoints, List<Deployment> deployments,
                          Map<DeploymentId, List<InstanceRoute>> ready) {
    }

    private final SnapshotPublisher publisher;
    private RoutingSnapshot last = RoutingSnapshot.EMPTY;
    private Inputs lastInputs;

    RoutingPublication(SnapshotPublisher publisher) {
        this.publisher = publisher;
    }

    void publishIfChanged(List<Endpoint> endpoints, List<Deployment> deployments, InstanceTable table) {
        Inputs inputs = new Inputs(endpoints, deployments, readyRoutes(table));
        if (inputs.equals(lastInputs)) {
            return;
        }
        last = SnapshotBuilder.build(last, endpoints, deployments, inputs.ready());
        lastInputs = inputs;
        publisher.publish(last);
    }

    private static Map<DeploymentId, List<InstanceRoute>> readyRoutes(InstanceTable table) {
        Map<DeploymentId, List<InstanceRoute>> out = new HashMap<>();
        for (Instance i : table.all()) {
            if (i.isReady() && i.process != null && !i.url.isEmpty()) {
                URI uri = URI.create(i.url);
                out.computeIfAbsent(i.deployment, k -> new ArrayList<>())
                        .add(new InstanceRoute(i.id, uri.getHost(), uri.getPort(),
                                i.process.socket().orElse(null)));
            }
        }
        return out;
    }
}
