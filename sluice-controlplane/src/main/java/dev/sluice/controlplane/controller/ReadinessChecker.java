package dev.sluice.controlplane.controller;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.spec.ProbeSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * Readiness checks. A starting instance is asked every {@link #STARTUP_POLL} until it answers Ready (so
 * local instances are Ready about a second after start, not after {@code initial_delay}); a Ready one every
 * {@code readiness_probe.period}, turning Unready after {@code failure_threshold} failures in a row and
 * Ready again after {@code success_threshold} successes. Answers come back on the controller thread.
 */
final class ReadinessChecker {

    static final Duration STARTUP_POLL = Duration.ofMillis(150);

    private final WorkerProbe probe;
    private final Clock clock;
    private final Executor controllerThread;
    private final InstanceEvents events;
    private final Runnable routingChanged;

    ReadinessChecker(WorkerProbe probe, Clock clock, Executor controllerThread, InstanceEvents events,
                     Runnable routingChanged) {
        this.probe = probe;
        this.clock = clock;
        this.controllerThread = controllerThread;
        this.events = events;
        this.routingChanged = routingChanged;
    }

    void check(Instance instance, Deployment deployment) {
        Instant now = Instant.now(clock);
        if (instance.process == null || instance.isTerminating() || instance.probing
                || (instance.nextProbeAt != null && now.isBefore(instance.nextProbeAt))) {
            return;
        }
        if (instance.url.isEmpty()) {
            instance.url = instance.process.url().orElse("");
            if (instance.url.isEmpty()) {
                instance.nextProbeAt = now.plus(STARTUP_POLL);
                return;
            }
        }
        ProbeSettings settings = settings(deployment);
        instance.probing = true;
        var process = instance.process;
        probe.ready(instance.url, settings.timeoutDuration()).thenAccept(ok -> controllerThread.execute(() -> {
            instance.probing = false;
            if (instance.process == process && !instance.isTerminating()) {
                answered(instance, ok, settings);
            }
        }));
    }

    private void answered(Instance instance, boolean ok, ProbeSettings settings) {
        Instant now = Instant.now(clock);
        switch (instance.state) {
            case STARTING -> {
                if (ok) {
                    becomeReady(instance, now, "ready after " + Duration.between(instance.startedAt, now).toMillis() + " ms");
                }
                instance.nextProbeAt = now.plus(ok ? settings.periodDuration() : STARTUP_POLL);
            }
            case READY -> {
                instance.probeFailures = ok ? 0 : instance.probeFailures + 1;
                if (!ok && instance.probeFailures >= settings.failureThreshold()) {
                    instance.state = InstanceState.UNREADY;
                    instance.probeSuccesses = 0;
                    events.record(instance.deployment, instance.id, "Unready",
                            instance.probeFailures + " readiness checks failed");
                    routingChanged.run();
                }
                instance.nextProbeAt = now.plus(settings.periodDuration());
            }
            case UNREADY -> {
                instance.probeSuccesses = ok ? instance.probeSuccesses + 1 : 0;
                if (ok && instance.probeSuccesses >= settings.successThreshold()) {
                    becomeReady(instance, now, "readiness check passed again");
                }
                instance.nextProbeAt = now.plus(settings.periodDuration());
            }
            default -> {
            }
        }
    }

    private void becomeReady(Instance instance, Instant now, String detail) {
        instance.state = InstanceState.READY;
        instance.everReady = true;
        instance.readySince = now;
        instance.probeFailures = 0;
        events.record(instance.deployment, instance.id, "Ready", detail);
        routingChanged.run();
    }

    private static ProbeSettings settings(Deployment deployment) {
        ProbeSettings p = deployment.spec().readinessProbe();
        return p == null ? ProbeSettings.defaults() : p.withDefaults();
    }
}
