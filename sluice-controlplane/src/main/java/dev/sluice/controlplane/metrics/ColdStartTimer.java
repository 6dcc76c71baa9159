package dev.sluice.controlplane.metrics;

import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Instances' cold starts (process start to Ready, as their Ready events carry it) as the Prometheus histogram
 * {@code sluice_instance_cold_start_seconds{endpoint,deployment}}: how long scaling up, or from zero, takes to add
 * capacity. Collector thread only.
 */
final class ColdStartTimer {

    private static final Duration[] BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

    private final MeterRegistry registry;
    private final DeploymentRuntime runtime;
    private final Map<DeploymentId, Timer> timers = new HashMap<>();
    private final Map<DeploymentId, Instant> seenUpTo = new HashMap<>();

    ColdStartTimer(MeterRegistry registry, DeploymentRuntime runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    /** Records the cold starts of Ready events newer than those seen; drops the timers of deployments gone. */
    void refresh(Set<DeploymentId> deployments) {
        timers.entrySet().removeIf(e -> {
            if (deployments.contains(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
        seenUpTo.keySet().retainAll(deployments);
        for (DeploymentId deployment : deployments) {
            Instant seen = seenUpTo.get(deployment);
            for (InstanceEvent event : runtime.events(deployment)) {
                if (event.coldStartMs() != null && (seen == null || event.time().isAfter(seen))) {
                    timer(deployment).record(Duration.ofMillis(event.coldStartMs()));
                    seenUpTo.put(deployment, event.time());
                }
            }
        }
    }

    private Timer timer(DeploymentId deployment) {
        return timers.computeIfAbsent(deployment, id -> Timer.builder("sluice.instance.cold.start")
                .description("Time from an instance's process start to its first passed readiness check")
                .tags("endpoint", id.endpointName(), "deployment", id.deploymentName())
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }
}
