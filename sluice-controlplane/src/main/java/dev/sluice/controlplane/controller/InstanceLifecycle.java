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
 * them). The only place that changes an instance; each transition records its event. What readiness answers in a
 * row mean is its {@link ReadinessCheck}'s, when liveness kills its {@link LivenessCheck}'s, and the backoff before
 * a restart its {@link CrashRestarts}'. Controller thread only; other threads read {@link #toRecord()} copies.
 */
final class InstanceLifecycle {

    /** What an exit meant. */
    enum Exit { STALE, STOPPED, CRASHED }

    /** Creation order within this server's life: "newest first" must not depend on clock resolution. */
    private final long sequence;
    private final Path dir;
    private final InstanceEventLog log;
    private long generation;
    private RuntimeFingerprint fingerprint;
    /** The request timeout it was started with: how long its in-flight requests may take when it is stopped. */
    private Duration requestTimeout = Duration.ZERO;
    private RunningInstance process;
    private InstanceState state = InstanceState.STARTING;
    private String url = "";
    private Instant startedAt;
    private Instant startDeadline;
    private Instant stopAt;
    private boolean stopSignalled;
    private final CrashRestarts restarts = new CrashRestarts();
    private final ReadinessCheck readiness;
    private final LivenessCheck liveness;

    InstanceLifecycle(String id, long sequence, DeploymentId deployment, Path dir, long generation,
                      RuntimeFingerprint fingerprint, InstanceEvents events) {
        this.sequence = sequence;
        this.dir = dir;
        this.generation = generation;
        this.fingerprint = fingerprint;
        this.log = new InstanceEventLog(events, deployment, id);
        this.readiness = new ReadinessCheck(log);
        this.liveness = new LivenessCheck(log);
    }

    // ---- transitions: process ----

    /** Its process started (first time, or again after a crash); Starting until a readiness check passes. */
    void started(RunningInstance started, Instant now, Duration startupAllowance, Duration timeout) {
        begin(started, now, startupAllowance, timeout);
        startedAt = now;
        readiness.restart(now, now);
        event(restarts.count() == 0 ? Kind.STARTED : Kind.RESTARTED, "pid " + started.pid());
    }

    /** A worker an earlier server started, taken over as it runs; Starting until a readiness check passes. */
    void adopted(RunningInstance running, InstanceRecord record, Instant now, Duration startupAllowance,
                 Duration timeout) {
        begin(running, now, startupAllowance, timeout);
        startedAt = record.startedAt() == null ? now : record.startedAt();
        restarts.carryOver(record.restarts());
        readiness.restartAdopted(now);
        event(Kind.ADOPTED, "pid " + running.pid());
    }

    private void begin(RunningInstance running, Instant now, Duration startupAllowance, Duration timeout) {
        process = running;
        state = InstanceState.STARTING;
        url = "";
        restarts.cancel();
        startDeadline = now.plus(startupAllowance);
        requestTimeout = timeout;
        liveness.restart(running);
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
        Duration delay = restarts.planAfterCrash(now, readiness.readySince(), backoff);
        state = InstanceState.FAILED;
        event(Kind.BACK_OFF, "restart in " + delay.toMillis() + " ms");
    }

    /** The backoff passed and a start is about to be tried: it counts as a restart whether or not it works. */
    void restarting() {
        restarts.trying();
    }

    /** Failed for good: kept only so that show and get-logs can explain why; never started again. */
    void failForGood() {
        state = InstanceState.FAILED;
        restarts.cancel();
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

    /** Where its readiness checks stand (sent, postponed). */
    ReadinessCheck readiness() {
        return readiness;
    }

    /** A readiness answer about {@code from}; see {@link ReadinessCheck} for what answers in a row do. */
    void readinessAnswered(RunningInstance from, boolean ok, Instant now, ProbePolicy policy) {
        if (process == from && state != InstanceState.TERMINATING) {
            state = readiness.answered(state, ok, now, policy);
        }
    }

    /** Liveness is checked once the instance has been Ready, from {@code initial_delay} after its start. */
    boolean isLivenessDue(Instant now, ProbePolicy policy) {
        return process != null && !url.isEmpty()
                && (state == InstanceState.READY || state == InstanceState.UNREADY)
                && liveness.isDue(now, startedAt, policy);
    }

    /** Its liveness checks; their answers kill the process at most, whose exit then changes the state. */
    LivenessCheck liveness() {
        return liveness;
    }

    // ---- what others may ask ----

    String id() {
        return log.instance();
    }

    long sequence() {
        return sequence;
    }

    DeploymentId deployment() {
        return log.deployment();
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
        return readiness.wasEverReady();
    }

    /** Its backoff passed: it is to be started again. */
    boolean isRestartDue(Instant now) {
        return process == null && restarts.isDue(now);
    }

    /** Failed for good (kept only so that show and get-logs can explain why). */
    boolean isDead() {
        return state == InstanceState.FAILED && process == null && !restarts.isPlanned();
    }

    /** Its failure was already dealt with when its process was stopped (dead, or a restart is planned). */
    boolean isFailureHandled() {
        return isDead() || restarts.isPlanned();
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
        return new InstanceRoute(id(), uri.getHost(), uri.getPort(), process.socket().orElse(null));
    }

    InstanceRecord toRecord() {
        DeploymentId deployment = log.deployment();
        return new InstanceRecord(id(), deployment.endpointName(), deployment.deploymentName(), generation, state,
                process == null ? -1 : process.pid(), url, startedAt, restarts.count());
    }

    private void event(Kind kind, String detail) {
        log.record(kind, detail);
    }
}
