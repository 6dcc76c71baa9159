package dev.sluice.controlplane.controller;

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
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves one deployment's instances towards its spec: starts missing ones (all at once on create, one at a
 * time while older instances still serve), retires older generations as new instances turn Ready, scales
 * down, restarts crashed instances after their backoff, and decides the provisioning state. Failures are
 * {@link InstanceFailures}' business. Runs on the controller thread only.
 */
final class DeploymentReconciler {

    private final InstanceTable table;
    private final InstanceLauncher launcher;
    private final Store store;
    private final InstanceEvents events;
    private final Clock clock;
    private final SpecReader json = SpecReader.create();
    private final Consumer<Instance> stopRequests;
    private final PythonEnvironments environments;
    private final InstanceFailures failures;

    /** The deployment's instances of the generation it wants, and of older ones still serving. */
    private record Split(List<Instance> current, List<Instance> old) {
    }

    DeploymentReconciler(InstanceTable table, InstanceLauncher launcher, Store store, InstanceEvents events,
                         Clock clock, Consumer<Instance> stopRequests, PythonEnvironments environments,
                         InstanceFailures failures) {
        this.table = table;
        this.launcher = launcher;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.stopRequests = stopRequests;
        this.environments = environments;
        this.failures = failures;
    }

    RuntimeFingerprint fingerprint(Deployment deployment) {
        return RuntimeFingerprint.of(deployment.spec(), json);
    }

    void reconcile(Deployment d) {
        RuntimeFingerprint fingerprint = fingerprint(d);
        Split split = split(d, fingerprint);
        if (failures.isDown(d)) {
            split.current().forEach(stopRequests);
            return;
        }
        PythonEnvironments.Status environment = environments.statusFor(d, fingerprint);
        if (environment instanceof PythonEnvironments.Pending) {
            return;
        }
        if (environment instanceof PythonEnvironments.Failed failedEnvironment) {
            failures.environmentFailed(d, failedEnvironment.reason());
            return;
        }
        Path python = environment instanceof PythonEnvironments.Ready ready ? ready.python() : null;
        if (restartOrExpire(d, split.current(), python)) {
            scale(d, fingerprint, split, python);
            retireOld(d, split);
            settleState(d, split);
        }
    }

    /**
     * Sorts the deployment's instances by generation. Failed-for-good instances of older generations are
     * dropped, and running ones built from the same fingerprint join the new generation: a change that only
     * scales (or touches probes or tags) keeps its instances.
     */
    private Split split(Deployment d, RuntimeFingerprint fingerprint) {
        DeploymentId id = DeploymentId.of(d);
        List<Instance> current = new ArrayList<>();
        List<Instance> old = new ArrayList<>();
        for (Instance i : List.copyOf(table.of(id))) {
            boolean dead = InstanceFailures.isDead(i);
            if (dead && i.generation != d.generation()) {
                table.remove(i);
                launcher.forget(i);
                continue;
            }
            if (!dead && i.generation != d.generation() && !i.isTerminating() && i.fingerprint.equals(fingerprint)) {
                i.generation = d.generation();
                launcher.save(i);
            }
            if (!i.isTerminating() && !dead) {
                (i.generation == d.generation() ? current : old).add(i);
            }
        }
        return new Split(current, old);
    }

    /** Restarts instances whose backoff passed and gives up on ones past their start deadline; false to stop here. */
    private boolean restartOrExpire(Deployment d, List<Instance> current, Path python) {
        Instant now = Instant.now(clock);
        for (Instance i : current) {
            if (i.isWaitingToRestart() && !now.isBefore(i.restartAt)) {
                i.restarts++;
                if (!tryStart(i, d, python)) {
                    return false;
                }
            } else if (i.state == InstanceState.STARTING && i.startDeadline != null && now.isAfter(i.startDeadline)) {
                failures.couldNotStart(i, d, "instance " + i.id + " did not become ready within "
                        + Duration.between(i.startedAt, now).toSeconds() + " s");
                return false;
            }
        }
        return true;
    }

    /**
     * Starts what is missing, all at once, or one at a time while older instances still serve (a rolling
     * update); stops what is beyond the count, not-Ready and newest first.
     */
    private void scale(Deployment d, RuntimeFingerprint fingerprint, Split split, Path python) {
        List<Instance> current = split.current();
        int desired = d.spec().instanceCountOrDefault();
        if (current.size() < desired) {
            boolean starting = current.stream().anyMatch(i -> i.state == InstanceState.STARTING);
            int toStart = split.old().isEmpty() ? desired - current.size() : (starting ? 0 : 1);
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
    private void retireOld(Deployment d, Split split) {
        if (split.old().isEmpty()) {
            return;
        }
        long readyNew = split.current().stream().filter(Instance::isReady).count();
        long keep = Math.max(0, d.spec().instanceCountOrDefault() - readyNew);
        split.old().stream()
                .sorted(Comparator.comparing(Instance::isReady).thenComparing(i -> i.sequence))
                .limit(Math.max(0, split.old().size() - keep))
                .forEach(stopRequests);
    }

    private void settleState(Deployment d, Split split) {
        if (!d.state().isTransitional() || d.state() == ProvisioningState.DELETING) {
            return;
        }
        int desired = d.spec().instanceCountOrDefault();
        long ready = split.current().stream().filter(Instance::isReady).count();
        if (split.old().isEmpty() && split.current().size() == desired && ready == desired
                && store.updateDeploymentIf(d.generation(), d.succeeded(Instant.now(clock)))) {
            events.record(DeploymentId.of(d), d.name(), "Succeeded", desired + " instance(s) ready");
        }
    }

    private boolean tryStart(Instance instance, Deployment d, Path python) {
        try {
            launcher.start(instance, d, python);
            return true;
        } catch (SluiceException e) {
            failures.couldNotStart(instance, d, "instance " + instance.id + " could not start: " + e.getMessage());
            return false;
        }
    }

    /** The deployment is gone and so are its instances: drop what was kept about it. */
    void forget(DeploymentId id) {
        failures.forget(id);
        environments.forget(id);
        events.forget(id);
    }
}
