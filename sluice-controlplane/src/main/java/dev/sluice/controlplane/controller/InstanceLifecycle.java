package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent.Kind;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.routing.InstanceRoute;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One instance's life: its process, its state and every transition between states (docs/internals.md draws
 * them). The only place that changes an instance; each transition records its event. Controller thread only;
 * other threads read {@link #toRecord()} copies.
 */
final class InstanceLifecycle {

    /** What an exit meant. */
    enum Exit { STALE, STOPPED, CRASHED }

    private final String id;
    /** Creation order within this server's life: "newest first" must not depend on clock resolution. */
    private final long sequence;
    private final DeploymentId deployment;
    private final Path dir;
    private final InstanceEvents events;
    private long generation;
    private RuntimeFingerprint fingerprint;
    /** The request timeout it was started with: how long its in-flight requests may take when it is stopped. */
    private Duration requestTimeout = Duration.ZERO;
    private RunningInstance process;
    private InstanceState state = InstanceState.STARTING;
    private String url = "";
    private Instant startedAt;
    private Instant readySince;
    private Instant startDeadline;
    private Instant restartAt;
    private Instant stopAt;
    private int restarts;
    private int consecutiveCrashes;
    private boolean everReady;
    private boolean adopted;
    private boolean stopSignalled;
    private boolean killed;
    private final ProbeTrack readiness = new ProbeTrack();
    private final ProbeTrack liveness = new ProbeTrack();

    InstanceLifecycle(String id, long sequence, DeploymentId deployment, Path dir, long generation,
                      RuntimeFingerprint fingerprint, InstanceEvents events) {
        this.id = id;
        this.sequence = sequence;
        this.deployment = deployment;
        this.dir = dir;
        this.generation = generation;
        this.fingerprint = fingerprint;
        this.events = events;
    }

    // ---- transitions: process ----

    /** Its process started (first time, or again after a crash); Starting until a readiness check passes. */
    void started(RunningInstance started, Instant now, Duration startupAllowance, Duration timeout) {
        begin(started, now, startupAllowance, timeout);
        startedAt = now;
        adopted = false;
        event(restarts == 0 ? Kind.STARTED : Kind.RESTARTED, "pid " + started.pid());
    }

    /** A worker an earlier server started, taken over as it runs; Starting until a readiness check passes. */
    void adopted(RunningInstance running, InstanceRecord record, Instant now, Duration startupAllowance,
                 Duration timeout) {
        begin(running, now, startupAllowance, timeout);
        startedAt = record.startedAt() == null ? now : record.startedAt();
        restarts = record.restarts();
        adopted = true;
        event(Kind.ADOPTED, "pid " + running.pid());
    }

    private void begin(RunningInstance running, Instant now, Duration startupAllowance, Duration timeout) {
        process = running;
        state = InstanceState.STARTING;
        url = "";
        readySince = null;
        restartAt = null;
        everReady = false;
        killed = false;
        startDeadline = now.plus(startupAllowance);
        requestTimeout = timeout;
        readiness.reset(now);
        liveness.reset(null);
    }

    /** The process ended; {@code from} guards against the exit of a process this instance no longer has. */
    Exit exited(RunningInstance from, int exitCode) {
        if (process != from) {
            return Exit.STALE;
        }
        process = null;
        readiness.stop();
        liveness.stop();
        if (state == InstanceState.TERMINATING) {
            event(Kind.STOPPED, "exit code " + exitCode);
            return Exit.STOPPED;
        }
        event(Kind.EXITED, "exit code " + exitCode);
        return Exit.CRASHED;
    }

    /** A crash that is not the change's fault: try again after the backoff (reset after a long enough Ready). */
    void restartAfterBackoff(Instant now, Backoff backoff) {
        if (readySince != null && Duration.between(readySince, now).compareTo(backoff.resetAfter()) > 0) {
            consecutiveCrashes = 0;
        }
        consecutiveCrashes++;
        Duration delay = backoff.delayAfter(consecutiveCrashes);
        state = InstanceState.FAILED;
        restartAt = now.plus(delay);
        event(Kind.BACK_OFF, "restart in " + delay.toMillis() + " ms");
    }

    /** The backoff passed and a start is about to be tried: it counts as a restart whether or not it works. */
    void restarting() {
        restarts++;
        restartAt = null;
    }

    /** Failed for good: kept only so that show and get-logs can explain why; never started again. */
    void failForGood() {
        state = InstanceState.FAILED;
        restartAt = null;
    }

    /** Stops a process that did not get Ready in time or must not run; its exit changes nothing more. */
    void abandonProcess(Duration grace) {
        if (process != null) {
            process.stop(grace);
        }
    }

    /** The next generation's spec runs on the same worker (only count, probes or tags changed). */
    void joinGeneration(long newGeneration) {
        generation = newGeneration;
    }

    // ---- transitions: stopping ----

    /**
     * Out of rotation now; its process is asked to stop once {@code drainDelay} passed, so that requests the
     * gateway routed to it just before the new snapshot still find it listening. False when already stopping.
     */
    boolean stopRequested(Instant now, Duration drainDelay) {
        if (state == InstanceState.TERMINATING) {
            return false;
        }
        state = InstanceState.TERMINATING;
        stopAt = now.plus(drainDelay);
        readiness.stop();
        liveness.stop();
        return true;
    }

    boolean isStopSignalDue(Instant now) {
        return state == InstanceState.TERMINATING && process != null && !stopSignalled && !now.isBefore(stopAt);
    }

    /** Asks the process to stop; {@code grace} bounds how long it may take to finish in-flight requests. */
    void signalStop(Duration grace) {
        stopSignalled = true;
        event(Kind.TERMINATING, "stop requested; in-flight requests get up to " + grace.toSeconds() + " s");
        process.stop(grace);
    }

    // ---- transitions: probes ----

    /** The worker's address, once it reported one; false until then. */
    boolean learnAddress() {
        if (url.isEmpty() && process != null) {
            url = process.url().orElse("");
        }
        return !url.isEmpty();
    }

    boolean isReadinessDue(Instant now) {
        return process != null && state != InstanceState.TERMINATING && readiness.isDue(now);
    }

    void readinessSent() {
        readiness.sent();
    }

    /** Before the address is known, ask again soon. */
    void readinessPostponed(Instant now) {
        readiness.scheduleAt(now.plus(ProbePolicy.STARTUP_POLL));
    }

    /**
     * A readiness answer: Starting → Ready at the first pass; Ready → Unready after {@code failure_threshold}
     * failures in a row; Unready → Ready after {@code success_threshold} passes in a row.
     */
    void readinessAnswered(RunningInstance from, boolean ok, Instant now, ProbePolicy policy) {
        if (process != from || state == InstanceState.TERMINATING) {
            return;
        }
        boolean starting = state == InstanceState.STARTING;
        Instant next = now.plus(starting && !ok ? ProbePolicy.STARTUP_POLL : policy.period());
        int inRow = readiness.answered(ok, next);
        if (starting && ok) {
            becomeReady(now);
        } else if (state == InstanceState.READY && !ok && inRow >= policy.failureThreshold()) {
            state = InstanceState.UNREADY;
            event(Kind.UNREADY, inRow + " readiness checks failed");
        } else if (state == InstanceState.UNREADY && ok && inRow >= policy.successThreshold()) {
            state = InstanceState.READY;
            readySince = now;
            event(Kind.READY, "readiness check passed again");
        }
    }

    private void becomeReady(Instant now) {
        state = InstanceState.READY;
        everReady = true;
        readySince = now;
        if (adopted) {
            event(Kind.READY, "adopted worker answered");
        } else {
            long coldStart = Duration.between(startedAt, now).toMillis();
            events.ready(deployment, id, "ready after " + coldStart + " ms", coldStart);
        }
    }

    /** Liveness is checked once the instance has been Ready, from {@code initial_delay} after its start. */
    boolean isLivenessDue(Instant now, ProbePolicy policy) {
        if (process == null || killed || url.isEmpty()
                || (state != InstanceState.READY && state != InstanceState.UNREADY)) {
            return false;
        }
        if (!liveness.isScheduled()) {
            liveness.scheduleAt(startedAt.plus(policy.initialDelay()));
        }
        return liveness.isDue(now);
    }

    void livenessSent() {
        liveness.sent();
    }

    /** {@code failure_threshold} failures in a row kill the worker, once; its exit then goes the way of a crash. */
    void livenessAnswered(RunningInstance from, boolean ok, Instant now, ProbePolicy policy) {
        if (process != from || state == InstanceState.TERMINATING || killed) {
            return;
        }
        int inRow = liveness.answered(ok, now.plus(policy.period()));
        if (ok) {
            return;
        }
        event(Kind.PROBE_FAILED, "liveness check failed (" + inRow + "/" + policy.failureThreshold() + ")");
        if (inRow >= policy.failureThreshold()) {
            killed = true;
            liveness.stop();
            event(Kind.KILLED, "liveness check failed " + inRow + " times in a row; it will be restarted");
            process.stop(Duration.ZERO);
        }
    }

    // ---- what others may ask ----

    String id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    DeploymentId deployment() {
        return deployment;
    }

    Path dir() {
        return dir;
    }

    long generation() {
        return generation;
    }

    RuntimeFingerprint fingerprint() {
        return fingerprint;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** The process, for probes that must know which process they asked; null when none runs. */
    RunningInstance process() {
        return process;
    }

    String url() {
        return url;
    }

    boolean isRunning() {
        return process != null;
    }

    boolean isStarting() {
        return state == InstanceState.STARTING;
    }

    boolean isReady() {
        return state == InstanceState.READY;
    }

    boolean isTerminating() {
        return state == InstanceState.TERMINATING;
    }

    boolean wasEverReady() {
        return everReady;
    }

    /** Its backoff passed: it is to be started again. */
    boolean isRestartDue(Instant now) {
        return process == null && restartAt != null && !now.isBefore(restartAt);
    }

    /** Failed for good (kept only so that show and get-logs can explain why). */
    boolean isDead() {
        return state == InstanceState.FAILED && process == null && restartAt == null;
    }

    /** Its failure was already dealt with when its process was stopped (dead, or a restart is planned). */
    boolean isFailureHandled() {
        return isDead() || restartAt != null;
    }

    /** Starting for longer than readiness allows. */
    boolean isStartOverdue(Instant now) {
        return state == InstanceState.STARTING && startDeadline != null && now.isAfter(startDeadline);
    }

    Duration runningFor(Instant now) {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, now);
    }

    /** Where the gateway reaches it, or null when it must not be routed to. */
    InstanceRoute route() {
        if (state != InstanceState.READY || process == null || url.isEmpty()) {
            return null;
        }
        URI uri = URI.create(url);
        return new InstanceRoute(id, uri.getHost(), uri.getPort(), process.socket().orElse(null));
    }

    InstanceRecord toRecord() {
        return new InstanceRecord(id, deployment.endpointName(), deployment.deploymentName(), generation, state,
                process == null ? -1 : process.pid(), url, startedAt, restarts);
    }

    private void event(Kind kind, String detail) {
        events.record(deployment, id, kind, detail);
    }
}
