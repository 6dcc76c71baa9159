package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.core.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Moves one deployment's instances towards its spec: starts missing ones (all at once on create, one at a
 * time while older instances still serve), retires older generations as new instances turn Ready, scales
 * down, restarts crashed instances after their backoff, and decides the provisioning state.
 * Runs on the controller thread only.
 */
final class DeploymentReconciler implements InstanceLauncher.ExitListener {

    private static final int REASON_LOG_LINES = 20;

    private final InstanceTable table;
    private final InstanceLauncher launcher;
    private final Store store;
    private final InstanceEvents events;
    private final Clock clock;
    private final Backoff backoff;
    private final SpecReader json = SpecReader.create();
    private final Consumer<Instance> stopRequests;
    private final PythonEnvironments environments;
    /** The generation whose instances failed to start; nothing of it is started again until the spec changes. */
    private final Map<DeploymentId, Long> failedGenerations = new HashMap<>();

    DeploymentReconciler(InstanceTable table, InstanceLauncher launcher, Store store, InstanceEvents events,
                         Clock clock, Backoff backoff, Consumer<Instance> stopRequests,
                         PythonEnvironments environments) {
        this.table = table;
        this.launcher = launcher;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.backoff = backoff;
        this.stopRequests = stopRequests;
        this.environments = environments;
    }

    RuntimeFingerprint fingerprint(Deployment deployment) {
        return RuntimeFingerprint.of(deployment.spec(), json);
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

    void reconcile(Deployment d) {
        DeploymentId id = DeploymentId.of(d);
        long generation = d.generation();
        RuntimeFingerprint fingerprint = fingerprint(d);
        for (Instance i : List.copyOf(table.of(id))) {
            if (isDead(i) && i.generation != generation) {
                table.remove(i);
                launcher.forget(i);
            } else if (i.generation != generation && !i.isTerminating() && !isDead(i)
                    && i.fingerprint.equals(fingerprint)) {
                i.generation = generation;
                launcher.save(i);
            }
        }
        List<Instance> current = new ArrayList<>();
        List<Instance> old = new ArrayList<>();
        for (Instance i : table.of(id)) {
            if (!i.isTerminating() && !isDead(i)) {
                (i.generation == generation ? current : old).add(i);
            }
        }
        Long failed = failedGenerations.get(id);
        if (failed != null && failed == generation && d.state() == ProvisioningState.FAILED) {
            current.forEach(stopRequests);
            return;
        }
        failedGenerations.remove(id);
        PythonEnvironments.Status environment = environments.statusFor(d, fingerprint);
        if (environment instanceof PythonEnvironments.Pending) {
            return;
        }
        if (environment instanceof PythonEnvironments.Failed failedEnvironment) {
            failDeployment(d, failedEnvironment.reason());
            return;
        }
        Path python = environment instanceof PythonEnvironments.Ready ready ? ready.python() : null;
        Instant now = Instant.now(clock);
        for (Instance i : current) {
            if (i.isWaitingToRestart() && !now.isBefore(i.restartAt)) {
                i.restarts++;
                if (!tryStart(i, d, python)) {
                    return;
                }
            } else if (i.state == InstanceState.STARTING && i.startDeadline != null && now.isAfter(i.startDeadline)) {
                startupFailed(i, d, "instance " + i.id + " did not become ready within "
                        + Duration.between(i.startedAt, now).toSeconds() + " s");
                return;
            }
        }
        scale(d, fingerprint, current, !old.isEmpty(), python);
        retireOld(d, current, old);
        settleState(d, current, old);
    }

    private void scale(Deployment d, RuntimeFingerprint fingerprint, List<Instance> current, boolean rolling,
                       Path python) {
        int desired = d.spec().instanceCountOrDefault();
        if (current.size() < desired) {
            boolean starting = current.stream().anyMatch(i -> i.state == InstanceState.STARTING);
            int toStart = rolling ? (starting ? 0 : 1) : desired - current.size();
            for (int k = 0; k < toStart; k++) {
                Instance fresh = launcher.newInstance(d, fingerprint);
                table.add(fresh);
                if (!tryStart(fresh, d, python)) {
                    return;
                }
                current.add(fresh);
            }
        } else if (current.size() > desired) {
            current.stream()
                    .sorted(Comparator.comparing(Instance::isReady)
                            .thenComparing(i -> i.sequence, Comparator.reverseOrder()))
                    .limit(current.size() - desired)
                    .forEach(i -> {
                        events.record(i.deployment, i.id, "ScaleDown", "");
                        stopRequests.accept(i);
                    });
        }
    }

    /** Old instances leave only as new ones are Ready, so capacity never drops below what is asked. */
    private void retireOld(Deployment d, List<Instance> current, List<Instance> old) {
        if (old.isEmpty()) {
            return;
        }
        long readyNew = current.stream().filter(Instance::isReady).count();
        long keep = Math.max(0, d.spec().instanceCountOrDefault() - readyNew);
        old.stream()
                .sorted(Comparator.comparing(Instance::isReady).thenComparing(i -> i.sequence))
                .limit(Math.max(0, old.size() - keep))
                .forEach(stopRequests);
    }

    private void settleState(Deployment d, List<Instance> current, List<Instance> old) {
        if (!d.state().isTransitional() || d.state() == ProvisioningState.DELETING) {
            return;
        }
        int desired = d.spec().instanceCountOrDefault();
        long ready = current.stream().filter(Instance::isReady).count();
        if (old.isEmpty() && current.size() == desired && ready == desired) {
            if (store.updateDeploymentIf(d.generation(), d.succeeded(Instant.now(clock)))) {
                events.record(DeploymentId.of(d), d.name(), "Succeeded", desired + " instance(s) ready");
            }
        }
    }

    private boolean tryStart(Instance instance, Deployment d, Path python) {
        try {
            launcher.start(instance, d, python);
            return true;
        } catch (SluiceException e) {
            instance.state = InstanceState.FAILED;
            instance.restartAt = null;
            failDeployment(d, "instance " + instance.id + " could not start: " + e.getMessage());
            return false;
        }
    }

    private void startupFailed(Instance instance, Deployment d, String why) {
        instance.state = InstanceState.FAILED;
        instance.restartAt = null;
        events.record(instance.deployment, instance.id, "ProbeFailed", why);
        if (instance.process != null) {
            instance.process.stop(Duration.ofSeconds(1));
        }
        if (d.state().isTransitional() && instance.generation == d.generation()) {
            failDeployment(d, why + withLog(instance));
        } else {
            scheduleRestart(instance);
        }
    }

    /**
     * An update whose instances cannot start rolls back to the spec that last succeeded while older instances
     * still serve it; anything else (a creation, or nothing left serving) stays Failed until the spec changes.
     */
    private void failDeployment(Deployment d, String reason) {
        DeploymentId id = DeploymentId.of(d);
        if (d.state() == ProvisioningState.UPDATING && d.lastSucceededSpec() != null && olderGenerationServes(d)) {
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
            if (i.generation == d.generation() && !isDead(i) && !i.isTerminating()) {
                stopRequests.accept(i);
            }
        }
    }

    /** The deployment is gone and so are its instances: drop what was kept about it. */
    void forget(DeploymentId id) {
        failedGenerations.remove(id);
        environments.forget(id);
        events.forget(id);
    }

    private boolean olderGenerationServes(Deployment d) {
        return table.of(DeploymentId.of(d)).stream()
                .anyMatch(i -> i.generation != d.generation() && i.isReady() && !i.isTerminating());
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
            table.publishView();
            return;
        }
        events.record(instance.deployment, instance.id, "Exited", "exit code " + exitCode);
        Deployment d = store.findDeployment(instance.deployment.endpointName(), instance.deployment.deploymentName())
                .orElse(null);
        if (d == null) {
            table.remove(instance);
            launcher.forget(instance);
        } else if (isDead(instance)) {
            launcher.save(instance);
        } else if (!instance.everReady && d.state().isTransitional() && instance.generation == d.generation()) {
            instance.state = InstanceState.FAILED;
            instance.restartAt = null;
            failDeployment(d, "instance " + instance.id + " exited with code " + exitCode + " before it was ready"
                    + withLog(instance));
            launcher.save(instance);
        } else {
            scheduleRestart(instance);
            launcher.save(instance);
        }
        table.publishView();
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

    private static String withLog(Instance instance) {
        String tail = ConsoleTail.lastLines(instance.dir.resolve("console.log"), REASON_LOG_LINES);
        return tail.isEmpty() ? "" : ". Last log lines:\n" + tail;
    }

    /** Failed for good (kept only so that show and get-logs can explain why). */
    static boolean isDead(Instance i) {
        return i.state == InstanceState.FAILED && i.process == null && i.restartAt == null;
    }
}
