package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent.Kind;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

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
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(1);

    private final InstanceRoster roster;
    private final InstanceRecords records;
    private final InstanceStops stops;
    private final Store store;
    private final InstanceEvents events;
    private final Clock clock;
    private final Backoff backoff;
    /** The generation whose instances failed to start; nothing of it is started again until the spec changes. */
    private final Map<DeploymentId, Long> failedGenerations = new HashMap<>();

    InstanceFailures(InstanceRoster roster, InstanceRecords records, InstanceStops stops, Store store,
                     InstanceEvents events, Clock clock, Backoff backoff) {
        this.roster = roster;
        this.records = records;
        this.stops = stops;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.backoff = backoff;
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
    void couldNotStart(InstanceLifecycle instance, Deployment d, String why) {
        instance.abandonProcess(ABANDON_GRACE);
        if (failsTheChange(instance, d)) {
            instance.failForGood();
            failChange(d, why + withLog(instance));
        } else {
            events.record(instance.deployment(), instance.id(), Kind.START_FAILED, why);
            instance.restartAfterBackoff(Instant.now(clock), backoff);
        }
    }

    /** The deployment's Python environment could not be built. */
    void environmentFailed(Deployment d, String reason) {
        if (d.state().isTransitional()) {
            failChange(d, reason);
        } else {
            events.record(DeploymentId.of(d), d.name(), Kind.ENVIRONMENT_FAILED, reason);
        }
    }

    @Override
    public void onExit(InstanceLifecycle instance, RunningInstance process, int exitCode) {
        switch (instance.exited(process, exitCode)) {
            case STOPPED -> stops.discard(instance);
            case CRASHED -> crashed(instance, exitCode);
            case STALE -> {
            }
        }
    }

    private void crashed(InstanceLifecycle instance, int exitCode) {
        DeploymentId id = instance.deployment();
        Deployment d = store.findDeployment(id.endpointName(), id.deploymentName()).orElse(null);
        if (d == null) {
            roster.remove(instance);
            records.forget(instance);
            return;
        }
        if (!instance.isFailureHandled()) {
            if (failsTheChange(instance, d)) {
                instance.failForGood();
                failChange(d, "instance " + instance.id() + " exited with code " + exitCode + " before it was ready"
                        + withLog(instance));
            } else {
                instance.restartAfterBackoff(Instant.now(clock), backoff);
            }
        }
        records.save(instance);
    }

    private static boolean failsTheChange(InstanceLifecycle instance, Deployment d) {
        return d.state().isTransitional() && instance.generation() == d.generation() && !instance.wasEverReady();
    }

    /**
     * Rolls the update back to the spec that last succeeded while any instance still serves; otherwise the
     * deployment is Failed. Either way the new instances that never got Ready stop; Ready ones keep serving.
     */
    private void failChange(Deployment d, String reason) {
        DeploymentId id = DeploymentId.of(d);
        boolean serving = roster.of(id).stream().anyMatch(i -> i.isReady() && !i.isTerminating());
        boolean rollBack = d.state() == ProvisioningState.UPDATING && d.lastSucceededSpec() != null && serving;
        String firstLine = reason.lines().findFirst().orElse("");
        if (rollBack) {
            String why = "update to generation " + d.generation() + " failed and was rolled back to the last spec "
                    + "that succeeded, which keeps serving: " + reason;
            if (store.updateDeploymentIf(d.generation(), d.rolledBack(why, Instant.now(clock)))) {
                events.record(id, d.name(), Kind.ROLLED_BACK, firstLine);
            }
        } else {
            failedGenerations.put(id, d.generation());
            store.updateDeploymentState(id, d.generation(), ProvisioningState.FAILED, reason, Instant.now(clock));
            events.record(id, d.name(), Kind.FAILED, firstLine);
        }
        for (InstanceLifecycle i : roster.of(id)) {
            boolean stop = rollBack ? !i.wasEverReady() : i.generation() == d.generation();
            if (stop && !i.isDead() && !i.isTerminating()) {
                stops.request(i);
            }
        }
    }

    /** The deployment is gone: forget that one of its generations failed. */
    void forget(DeploymentId id) {
        failedGenerations.remove(id);
    }

    private static String withLog(InstanceLifecycle instance) {
        String tail = ConsoleTail.lastLines(instance.dir().resolve("console.log"), REASON_LOG_LINES);
        return tail.isEmpty() ? "" : ". Last log lines:\n" + tail;
    }
}
