package dev.sluice.controlplane.controller;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.spec.ProbeSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * Liveness checks of running instances, every {@code liveness_probe.period} after its {@code initial_delay}.
 * After {@code failure_threshold} failures in a row the worker is killed; its exit then goes the way of
 * every crash: restart after backoff. A hung worker (its loop blocked) is what this catches.
 */
final class LivenessChecker {

    private final WorkerProbe probe;
    private final Clock clock;
    private final Executor controllerThread;
    private final InstanceEvents events;

    LivenessChecker(WorkerProbe probe, Clock clock, Executor controllerThread, InstanceEvents events) {
        this.probe = probe;
        this.clock = clock;
        this.controllerThread = controllerThread;
        this.events = events;
    }

    void check(Instance instance, Deployment deployment) {
        Instant now = Instant.now(clock);
        if (instance.process == null || instance.isTerminating() || instance.url.isEmpty() || instance.livenessProbing
                || (instance.state != InstanceState.READY && instance.state != InstanceState.UNREADY)) {
            return;
        }
        ProbeSettings settings = settings(deployment);
        if (instance.nextLivenessAt == null) {
            instance.nextLivenessAt = instance.startedAt.plus(settings.initialDelayDuration());
        }
        if (now.isBefore(instance.nextLivenessAt)) {
            return;
        }
        instance.livenessProbing = true;
        var process = instance.process;
        probe.live(instance.url, settings.timeoutDuration()).thenAccept(ok -> controllerThread.execute(() -> {
            instance.livenessProbing = false;
            if (instance.process == process && !instance.isTerminating()) {
                answered(instance, ok, settings);
            }
        }));
    }

    private void answered(Instance instance, boolean ok, ProbeSettings settings) {
        instance.nextLivenessAt = Instant.now(clock).plus(settings.periodDuration());
        if (ok) {
            instance.livenessFailures = 0;
            return;
        }
        instance.livenessFailures++;
        events.record(instance.deployment, instance.id, "ProbeFailed",
                "liveness check failed (" + instance.livenessFailures + "/" + settings.failureThreshold() + ")");
        if (instance.livenessFailures >= settings.failureThreshold()) {
            events.record(instance.deployment, instance.id, "Killed", "liveness check failed "
                    + instance.livenessFailures + " times in a row; it will be restarted");
            instance.process.stop(Duration.ZERO);
        }
    }

    private static ProbeSettings settings(Deployment deployment) {
        ProbeSettings p = deployment.spec().livenessProbe();
        return p == null ? ProbeSettings.defaults() : p.withDefaults();
    }
}
