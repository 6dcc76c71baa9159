package dev.sluice.controlplane.controller;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent events of each deployment, as {@code online-deployment show} lists them. Bounded per deployment;
 * the oldest fall off. Written on the controller thread, read by the API from any thread.
 */
final class InstanceEvents {

    private static final int PER_DEPLOYMENT = 200;

    private final Clock clock;
    private final Map<DeploymentId, Deque<InstanceEvent>> events = new ConcurrentHashMap<>();

    InstanceEvents(Clock clock) {
        this.clock = clock;
    }

    void record(DeploymentId deployment, String subject, InstanceEvent.Kind kind, String detail) {
        add(deployment, InstanceEvent.of(now(), subject, kind, detail));
    }

    /** A Ready event that carries the cold start it measured. */
    void ready(DeploymentId deployment, String instance, String detail, Long coldStartMs) {
        add(deployment, new InstanceEvent(now(), instance, InstanceEvent.Kind.READY, detail, coldStartMs));
    }

    List<InstanceEvent> of(DeploymentId deployment) {
        Deque<InstanceEvent> deque = events.get(deployment);
        if (deque == null) {
            return List.of();
        }
        synchronized (deque) {
            return List.copyOf(deque);
        }
    }

    void forget(DeploymentId deployment) {
        events.remove(deployment);
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    private void add(DeploymentId deployment, InstanceEvent event) {
        Deque<InstanceEvent> deque = events.computeIfAbsent(deployment, k -> new ArrayDeque<>());
        synchronized (deque) {
            deque.addLast(event);
            while (deque.size() > PER_DEPLOYMENT) {
                deque.removeFirst();
            }
        }
    }
}
