package dev.sluice.controlplane.controller;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.routing.InstanceRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every instance the controller looks after, by deployment. The lifecycles belong to the controller thread;
 * {@link #publish()} makes immutable copies that other threads (the API, routing publication) read at any time.
 */
final class InstanceRoster {

    private final Map<DeploymentId, List<InstanceLifecycle>> byDeployment = new LinkedHashMap<>();
    private volatile Map<DeploymentId, List<InstanceRecord>> records = Map.of();
    private volatile Map<DeploymentId, List<InstanceRoute>> ready = Map.of();

    List<InstanceLifecycle> of(DeploymentId id) {
        return List.copyOf(byDeployment.getOrDefault(id, List.of()));
    }

    void add(InstanceLifecycle instance) {
        byDeployment.computeIfAbsent(instance.deployment(), k -> new ArrayList<>()).add(instance);
    }

    void remove(InstanceLifecycle instance) {
        List<InstanceLifecycle> list = byDeployment.get(instance.deployment());
        if (list != null && list.remove(instance) && list.isEmpty()) {
            byDeployment.remove(instance.deployment());
        }
    }

    List<DeploymentId> deployments() {
        return List.copyOf(byDeployment.keySet());
    }

    List<InstanceLifecycle> all() {
        List<InstanceLifecycle> out = new ArrayList<>();
        byDeployment.values().forEach(out::addAll);
        return out;
    }

    /** Refreshes the copies other threads read; the controller calls it at the end of every pass. */
    void publish() {
        Map<DeploymentId, List<InstanceRecord>> freshRecords = new LinkedHashMap<>();
        Map<DeploymentId, List<InstanceRoute>> freshReady = new LinkedHashMap<>();
        byDeployment.forEach((id, list) -> {
            List<InstanceLifecycle> oldestFirst = list.stream()
                    .sorted(Comparator.comparingLong(InstanceLifecycle::sequence)).toList();
            freshRecords.put(id, oldestFirst.stream().map(InstanceLifecycle::toRecord).toList());
            List<InstanceRoute> routes = oldestFirst.stream().map(InstanceLifecycle::route)
                    .filter(java.util.Objects::nonNull).toList();
            if (!routes.isEmpty()) {
                freshReady.put(id, routes);
            }
        });
        records = Map.copyOf(freshRecords);
        ready = Map.copyOf(freshReady);
    }

    /** The deployment's instances as last published, oldest first. */
    List<InstanceRecord> publishedRecords(DeploymentId id) {
        return records.getOrDefault(id, List.of());
    }

    /** Where the Ready instances of each deployment are reached, as last published. */
    Map<DeploymentId, List<InstanceRoute>> publishedReady() {
        return ready;
    }
}
