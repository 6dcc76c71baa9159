package dev.sluice.controlplane.controller;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.routing.OnDemandDeployments;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.core.routing.SnapshotBuilder;
import dev.sluice.core.routing.SnapshotPublisher;
import dev.sluice.core.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds the routing snapshot from the store's committed state and the instances that are Ready, and swaps it in
 * when something the gateway sees changed. It runs on the thread that asks, the API's after a committed change
 * or the controller's after a pass, and never starts or stops anything. Publications are serialised, and each
 * reads the store afresh, so a later one never carries older state than an earlier one.
 */
final class RoutingPublication {

    /** What a snapshot is built from; equal inputs give an equal routing. */
    private record Inputs(List<Endpoint> endpoints, List<Deployment> deployments,
                          Map<DeploymentId, List<InstanceRoute>> ready, Set<DeploymentId> onDemand) {
    }

    private final Store store;
    private final Supplier<Map<DeploymentId, List<InstanceRoute>>> ready;
    private final OnDemandDeployments onDemand;
    private final SnapshotPublisher publisher;
    private RoutingSnapshot last = RoutingSnapshot.EMPTY;
    private Inputs lastInputs;

    RoutingPublication(Store store, Supplier<Map<DeploymentId, List<InstanceRoute>>> ready,
                       OnDemandDeployments onDemand, SnapshotPublisher publisher) {
        this.store = store;
        this.ready = ready;
        this.onDemand = onDemand;
        this.publisher = publisher;
    }

    /**
     * Publishes the routing of what is committed now. Throws (a {@code SluiceException} from the store) when it
     * cannot be built; then the gateway keeps the previous snapshot.
     */
    synchronized void publish() {
        Inputs inputs = new Inputs(store.listEndpoints(), store.listAllDeployments(), ready.get(), onDemand.current());
        if (inputs.equals(lastInputs)) {
            return;
        }
        RoutingSnapshot next = SnapshotBuilder.build(last, inputs.endpoints(), inputs.deployments(), inputs.ready(),
                inputs.onDemand());
        publisher.publish(next);
        last = next;
        lastInputs = inputs;
    }
}
