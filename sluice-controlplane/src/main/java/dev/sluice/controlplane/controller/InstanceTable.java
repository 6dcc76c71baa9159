package dev.sluice.controlplane.controller;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All instances the controller looks after, by deployment. The mutable {@link Instance}s belong to the
 * controller thread; {@link #publishedView} is a copy that other threads (the API) may read at any time.
 */
final class InstanceTable {

    private final Map<DeploymentId, List<Instance>> byDeployment = new LinkedHashMap<>();
    private final Map<DeploymentId, List<InstanceRecord>> view = new ConcurrentHashMap<>();

    List<Instance> of(DeploymentId id) {
        return byDeployment.getOrDefault(id, List.of());
    }

    void add(Instance instance) {
        byDeployment.computeIfAbsent(instance.deployment, k -> new ArrayList<>()).add(instance);
    }

    void remove(Instance instance) {
        List<Instance> list = byDeployment.get(instance.deployment);
        if (list != null) {
            list.remove(instance);
            if (list.isEmpty()) {
                byDeployment.remove(instance.deployment);
            }
        }
    }

    List<DeploymentId> deployments() {
        return List.copyOf(byDeployment.keySet());
    }

    List<Instance> all() {
        List<Instance> out = new ArrayList<>();
        byDeployment.values().forEach(out::addAll);
        return out;
    }

    /** Refreshes the copy other threads read; call after every change on the controller thread. */
    void publishView() {
        Map<DeploymentId, List<InstanceRecord>> fresh = new LinkedHashMap<>();
        byDeployment.forEach((id, list) -> fresh.put(id, list.stream()
                .sorted(Comparator.comparingLong((Instance i) -> i.sequence))
                .map(Instance::toRecord).toList()));
        view.keySet().retainAll(fresh.keySet());
        view.putAll(fresh);
    }

    List<InstanceRecord> publishedView(DeploymentId id) {
        return view.getOrDefault(id, List.of());
    }
}
