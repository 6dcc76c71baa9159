package dev.sluice.controlplane.controller;

import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.DeploymentId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Notices deployments that left the store, stops their instances, and drops their folder and what the controller
 * kept about them once every instance is gone. Controller thread only.
 */
final class DeletedDeployments {

    private final InstanceRoster roster;
    private final InstanceStops stops;
    private final DataDir dataDir;
    private final Consumer<DeploymentId> forget;
    /** The deployments of the last pass, to notice the ones that were deleted. */
    private final Set<DeploymentId> known = new HashSet<>();
    /** Deployments deleted from the store whose instances may still be stopping; their folders go after. */
    private final Set<DeploymentId> retiring = new HashSet<>();

    DeletedDeployments(InstanceRoster roster, InstanceStops stops, DataDir dataDir, Consumer<DeploymentId> forget) {
        this.roster = roster;
        this.stops = stops;
        this.dataDir = dataDir;
        this.forget = forget;
    }

    /** @param current the deployments the store has now */
    void retire(Set<DeploymentId> current) {
        known.stream().filter(id -> !current.contains(id)).forEach(retiring::add);
        roster.deployments().stream().filter(id -> !current.contains(id)).forEach(retiring::add);
        known.clear();
        known.addAll(current);
        retiring.removeIf(id -> {
            if (current.contains(id)) {
                return true; // created again under the same name: its folder is in use
            }
            List<InstanceLifecycle> left = roster.of(id);
            if (!left.isEmpty()) {
                left.stream().filter(i -> !i.isTerminating()).forEach(stops::request);
                return false;
            }
            FolderDeletion.delete(dataDir.deploymentDir(id));
            forget.accept(id);
            return true;
        });
    }
}
