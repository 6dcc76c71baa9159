package dev.sluice.controlplane.controller;

import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent.Kind;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Moves one deployment's instances towards its spec: starts missing ones (all at once on create, one at a
 * time while older instances still serve), retires older generations as new instances turn Ready, scales
 * down, restarts crashed instances after their backoff, and decides the provisioning state. Failures are
 * {@link InstanceFailures}' business. Controller thread only.
 */
final class DeploymentReconciler {

    private final InstanceRoster roster;
    private final InstanceLauncher launcher;
    private final InstanceRecords records;
    private final InstanceStops stops;
    private final Store store;
    private final InstanceEvents events;
    private final Clock clock;
    private final PythonEnvironments environments;
    private final InstanceFailures failures;

    /** The deployment's instances of the generation it wants, and of older ones still serving. */
    private record Split(List<InstanceLifecycle> current, List<InstanceLifecycle> old) {
    }

    DeploymentReconciler(InstanceRoster roster, InstanceLauncher launcher, InstanceRecords records,
                         InstanceStops stops, Store store, InstanceEvents events, Clock clock,
                         PythonEnvironments environments, InstanceFailures failures) {
        this.roster = roster;
        this.launcher = launcher;
        this.records = records;
        this.stops = stops;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.environments = environments;
        this.failures = failures;
    }

    void reconcile(DesiredDeployment desired) {
        Deployment d = desired.deployment();
        Split split = split(desired);
        if (failures.isDown(d)) {
            split.current().forEach(stops::request);
            return;
        }
        PythonEnvironments.Status environment = environments.statusFor(d, desired.fingerprint());
        if (environment instanceof PythonEnvironments.Pending) {
            return;
        }
        if (environment instanceof PythonEnvironments.Failed failedEnvironment) {
            failures.environmentFailed(d, failedEnvironment.reason());
            return;
        }
        Path python = environment instanceof PythonEnvironments.Ready ready ? ready.python() : null;
        if (restartOrExpire(desired, split.current(), python)) {
            scale(desired, split, python);
            retireOld(desired, split);
            settleState(desired, split);
        }
    }

    /**
     * Sorts the deployment's instances by generation. Failed-for-good instances of older generations are
     * dropped, and running ones built from the same fingerprint join the new generation: a change that only
     * scales (or touches probes or tags) keeps its instances.
     */
    private Split split(DesiredDeployment desired) {
        long generation = desired.deployment().generation();
        List<InstanceLifecycle> current = new ArrayList<>();
        List<InstanceLifecycle> old = new ArrayList<>();
        for (InstanceLifecycle i : roster.of(desired.id())) {
            if (i.isDead() && i.generation() != generation) {
                roster.remove(i);
                records.forget(i);
                continue;
            }
            if (i.isDead() || i.isTerminating()) {
                continue;
            }
            if (i.generation() != generation && i.fingerprint().equals(desired.fingerprint())) {
                i.joinGeneration(generation);
                records.save(i);
            }
            (i.generation() == generation ? current : old).add(i);
        }
        return new Split(current, old);
    }

    /** Restarts instances whose backoff passed and gives up on ones past their start deadline; false to stop here. */
    private boolean restartOrExpire(DesiredDeployment desired, List<InstanceLifecycle> current, Path python) {
        Instant now = Instant.now(clock);
        for (InstanceLifecycle i : current) {
            if (i.isRestartDue(now)) {
                i.restarting();
                if (!tryStart(i, desired, python)) {
                    return false;
                }
            } else if (i.isStartOverdue(now)) {
                failures.couldNotStart(i, desired.deployment(), "instance " + i.id() + " did not become ready within "
                        + i.runningFor(now).toSeconds() + " s");
                return false;
            }
        }
        return true;
    }

    /**
     * Starts what is missing, all at once, or one at a time while older instances still serve (a rolling
     * update); stops what is beyond the count, not-Ready and newest first.
     */
    private void scale(DesiredDeployment desired, Split split, Path python) {
        List<InstanceLifecycle> current = split.current();
        int wanted = desired.instanceCount();
        if (current.size() < wanted) {
            boolean starting = current.stream().anyMatch(InstanceLifecycle::isStarting);
            int toStart = split.old().isEmpty() ? wanted - current.size() : (starting ? 0 : 1);
            for (int k = 0; k < toStart; k++) {
                InstanceLifecycle fresh = launcher.newInstance(desired);
                roster.add(fresh);
                if (!tryStart(fresh, desired, python)) {
                    return;
                }
                current.add(fresh);
            }
        } else if (current.size() > wanted) {
            current.stream()
                    .sorted(Comparator.comparing(InstanceLifecycle::isReady)
                            .thenComparing(InstanceLifecycle::sequence, Comparator.reverseOrder()))
                    .limit(current.size() - wanted)
                    .forEach(i -> {
                        events.record(i.deployment(), i.id(), Kind.SCALE_DOWN, "");
                        stops.request(i);
                    });
        }
    }

    /** Old instances leave only as new ones are Ready, so capacity never drops below what is asked. */
    private void retireOld(DesiredDeployment desired, Split split) {
        if (split.old().isEmpty()) {
            return;
        }
        long readyNew = split.current().stream().filter(InstanceLifecycle::isReady).count();
        long keep = Math.max(0, desired.instanceCount() - readyNew);
        split.old().stream()
                .sorted(Comparator.comparing(InstanceLifecycle::isReady).thenComparing(InstanceLifecycle::sequence))
                .limit(Math.max(0, split.old().size() - keep))
                .forEach(stops::request);
    }

    private void settleState(DesiredDeployment desired, Split split) {
        Deployment d = desired.deployment();
        if (!d.state().isTransitional() || d.state() == ProvisioningState.DELETING) {
            return;
        }
        int wanted = desired.instanceCount();
        long ready = split.current().stream().filter(InstanceLifecycle::isReady).count();
        if (split.old().isEmpty() && split.current().size() == wanted && ready == wanted
                && store.updateDeploymentIf(d.generation(), d.succeeded(Instant.now(clock)))) {
            events.record(desired.id(), d.name(), Kind.SUCCEEDED, wanted + " instance(s) ready");
        }
    }

    private boolean tryStart(InstanceLifecycle instance, DesiredDeployment desired, Path python) {
        try {
            launcher.start(instance, desired, python);
            return true;
        } catch (SluiceException e) {
            failures.couldNotStart(instance, desired.deployment(),
                    "instance " + instance.id() + " could not start: " + e.getMessage());
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
