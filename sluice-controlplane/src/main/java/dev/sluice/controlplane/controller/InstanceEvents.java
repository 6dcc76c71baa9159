package dev.sluice.controlplane.controller;

import dev.sluice.core.model.DeploymentId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent life of each deployment's instances (Started, Ready, Exited, Restarted, …), as
 * {@code online-deployment show} lists them. Bounded per deployment; the oldest events fall off.
 */
final class InstanceEvents {

    private static final int PER_DEPLOYMENT = 200;

    private final Clock clock;
    private final Map<DeploymentId, Deque<String>> events = new ConcurrentHashMap<>();

    InstanceEvents(Clock clock) {
        this.clock = clock;
    }

    void record(DeploymentId deployment, String instanceId, String event, String detail) {
        String line = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + instanceId + " " + event
                + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        Deque<String> deque = events.computeIfAbsent(deployment, k -> new ArrayDeque<>());
        synchronized (deque) {
            deque.addLast(line);
            while (deque.size() > PER_DEPLOYMENT) {
                deque.removeFirst();
            }
        }
    }

    List<String> of(DeploymentId deployment) {
        Deque<String> deque = events.get(deployment);
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
}
