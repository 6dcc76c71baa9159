package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What happens when an instance cannot start, exits, or misses its start deadline. The rule:
 * <ul>
 *   <li>an instance that was Ready before, or belongs to a deployment that is not changing, is restarted after
 *       its backoff: one crash never takes a serving deployment down;</li>
 *   <li>a new instance of a Creating or Updating deployment that never got Ready fails the change: an update
 *       rolls back to the spec that last succeeded while any instance still serves; a creation (or an update
 *       with nothing left serving) is Failed, and nothing of that generation starts again until the spec
 *       changes.</li>
 * </ul>
 * Controller thread only.
 */
final class InstanceFailures implements InstanceLauncher.ExitListener {

    private static final int REASON_LOG_LINES = 20;

    private final InstanceTable table;
    private final InstanceLauncher launcher;
    private final Store store;
    private final InstanceEvents events;
    private final Clock clock;
    private final Backoff backoff;
    private final Consumer<Instance> stopRequests;
    /** The generation whose instances failed to start; nothing of it is started again until the spec changes. */
    private final Map<DeploymentId, Long> failedGenerations = new HashMap<>();

    InstanceFailures(InstanceTable table, InstanceLauncher launcher, Store store, InstanceEvents events, Clock clock,
                     Backoff backoff, Consumer<Instance> stopRequests) {
        this.table = table;
        this.launcher = launcher;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.backoff = backoff;
        this.stopRequests = stopRequests;
    }

    /**
     * A deployment that was Failed when the server started stays down until the user changes it, unless it
     * was rolled back and serves the spec that last succeeded.
     */
    void rememberFailed(Deployment deployment) {
        if (deployment.state() == ProvisioningState.FAILED && !deployment.servesLastSucceededSpec()) {
            failedGenerations.put(DeploymentId.of(deployment), deployment.generation());
        }
    }

    /** True while the deployment's current generation failed and must not run; a new spec clears it. */
    boolean isDown(Deployment d) {
        Long failed = failedGenerations.get(DeploymentId.of(d));
        if (failed != null && failed == d.generation() && d.state() == ProvisioningState.FAILED) {
            return true;
        }
        failedGenerations.remove(DeploymentId.of(d));
        return false;
    }

    /** The instance could not be started, or did not get Ready in time. */
    void couldNotStart(Instance instance, Deployment d, String why) {
        if (instance.process != null) {
            instance.process.stop(Duration.ofSeconds(1));
        }
        if (failsTheChange(instance, d)) {
            markDead(instance);
            failChange(d, why + withLog(instance));
        } else {
            events.record(instance.deployment, instance.id, "StartFailed", why);
            scheduleRestart(instance);
        }
    }

    /** The deployment's Python environment could not be built. */
    void environmentFailed(Deployment d, String reason) {
        if (d.state().isTransitional()) {
            failChange(d, reason);
        } else {
            events.record(DeploymentId.of(d), d.name(), "EnvironmentFailed", reason);
        }
    }

    @Override
    public void onExit(Instance instance, RunningInstance process, int exitCode) {
        if (instance.process != process) {
            return;
        }
        instance.process = null;
        if (instance.isTerminating()) {
            table.remove(instance);
            launcher.discard(instance);
            events.record(instance.deployment, instance.id, "Stopped", "exit code " + exitCode);
        } else {
            events.record(instance.deployment, instance.id, "Exited", "exit code " + exitCode);
            exited(instance, exitCode);
        }
        table.publishView();
    }

    private void exited(Instance instance, int exitCode) {
        Deployment d = store.findDeployment(instance.deployment.endpointName(), instance.deployment.deploymentName())
                .orElse(null);
        if (d == null) {
            table.remove(instance);
            launcher.forget(instance);
            return;
        }
        if (isDead(instance) || instance.restartAt != null) {
            launcher.save(instance); // its failure was already handled when it was stopped
            return;
        }
        if (failsTheChange(instance, d)) {
            markDead(instance);
            failChange(d, "instance " + instance.id + " exited with code " + exitCode + " before it was ready"
                    + withLog(instance));
        } else {
            scheduleRestart(instance);
        }
        launcher.save(instance);
    }

    private static boolean failsTheChange(Instance instance, Deployment d) {
        return d.state().isTransitional() && instance.generation == d.generation() && !instance.everReady;
    }

    /**
     * Rolls the update back to the spec that last succeeded while any instance still serves; otherwise the
     * deployment is Failed. Either way the new instances that never got Ready stop; Ready ones keep serving.
     */
    private void failChange(Deployment d, String reason) {
        DeploymentId id = DeploymentId.of(d);
        boolean serving = table.of(id).stream().anyMatch(i -> i.isReady() && !i.isTerminating());
        boolean rollBack = d.state() == ProvisioningState.UPDATING && d.lastSucceededSpec() != null && serving;
        if (rollBack) {
            String why = "update to generation " + d.generation() + " failed and was rolled back to the last spec "
                    + "that succeeded, which keeps serving: " + reason;
            if (store.updateDeploymentIf(d.generation(), d.rolledBack(why, Instant.now(clock)))) {
                events.record(id, d.name(), "RolledBack", reason.lines().findFirst().orElse(""));
            }
        } else {
            failedGenerations.put(id, d.generation());
            store.updateDeploymentState(id, d.generation(), ProvisioningState.FAILED, reason, Instant.now(clock));
            events.record(id, d.name(), "Failed", reason.lines().findFirst().orElse(""));
        }
        for (Instance i : table.of(id)) {
            boolean stop = rollBack ? !i.everReady : i.generation == d.generation();
            if (stop && !isDead(i) && !i.isTerminating()) {
                stopRequests.accept(i);
            }
        }
    }

    private void scheduleRestart(Instance instance) {
        Instant now = Instant.now(clock);
        if (instance.readySince != null
                && Duration.between(instance.readySince, now).compareTo(backoff.resetAfter()) > 0) {
            instance.consecutiveCrashes = 0;
        }
        instance.consecutiveCrashes++;
        Duration delay = backoff.delayAfter(instance.consecutiveCrashes);
        instance.state = InstanceState.FAILED;
        instance.restartAt = now.plus(delay);
        events.record(instance.deployment, instance.id, "BackOff", "restart in " + delay.toMillis() + " ms");
    }

    /** The deployment is gone: forget that one of its generations failed. */
    void forget(DeploymentId id) {
        failedGenerations.remove(id);
    }

    private static void markDead(Instance instance) {
        instance.state = InstanceState.FAILED;
        instance.restartAt = null;
    }

    private static String withLog(Instance instance) {
        String tail = ConsoleTail.lastLines(instance.dir.resolve("console.log"), REASON_LOG_LINES);
        return tail.isEmpty() ? "" : ". Last log lines:\n" + tail;
    }

    /** Failed for good (kept only so that show and get-logs can explain why). */
    static boolean isDead(Instance i) {
        return i.state == InstanceState.FAILED && i.process == null && i.restartAt == null;
    }
}
