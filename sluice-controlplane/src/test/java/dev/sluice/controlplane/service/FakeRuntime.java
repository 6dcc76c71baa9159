package dev.sluice.controlplane.service;

import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts wake-ups and routing publications; serves the instances and events a test puts in. */
public final class FakeRuntime implements DeploymentRuntime {

    public final AtomicInteger wakes = new AtomicInteger();
    public final AtomicInteger publications = new AtomicInteger();
    private final Map<DeploymentId, List<InstanceRecord>> instances = new ConcurrentHashMap<>();
    private final Map<DeploymentId, List<InstanceEvent>> events = new ConcurrentHashMap<>();
    /** When set, routing publication fails as it would when the store cannot be read back. */
    public volatile RuntimeException publicationFailure;

    public void setInstances(DeploymentId id, List<InstanceRecord> records) {
        instances.put(id, List.copyOf(records));
    }

    public void setEvents(DeploymentId id, List<InstanceEvent> list) {
        events.put(id, List.copyOf(list));
    }

    @Override
    public void wake() {
        wakes.incrementAndGet();
    }

    @Override
    public void publishRouting() {
        publications.incrementAndGet();
        if (publicationFailure != null) {
            throw publicationFailure;
        }
    }

    @Override
    public List<InstanceRecord> instances(DeploymentId deployment) {
        return instances.getOrDefault(deployment, List.of());
    }

    @Override
    public List<InstanceEvent> events(DeploymentId deployment) {
        return events.getOrDefault(deployment, List.of());
    }
}
