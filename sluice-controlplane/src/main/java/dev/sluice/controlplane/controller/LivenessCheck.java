package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.model.InstanceEvent.Kind;
import java.time.Duration;
import java.time.Instant;

/**
 * The liveness checks of an instance's current process: due from {@code initial_delay} after its start, then every
 * {@code period}; {@code failure_threshold} failures in a row kill the process, once, and end the checks (its exit
 * then goes the way of a crash). Records each failure and the kill. Answers go here, not through the lifecycle:
 * they change no state. Controller thread only.
 */
final class LivenessCheck {

    private final InstanceEventLog log;
    private final ProbeTrack track = new ProbeTrack();
    /** The process checked; null once it exited or is being stopped, so that late answers change nothing. */
    private RunningInstance process;
    private boolean killed;

    LivenessCheck(InstanceEventLog log) {
        this.log = log;
    }

    /** A new process: not scheduled until it is first asked whether a check is due. */
    void restart(RunningInstance started) {
        process = started;
        track.reset(null);
        killed = false;
    }

    /** No more checks, and no more answers count (the process exited or is being stopped). */
    void stop() {
        process = null;
        track.stop();
    }

    /** @param startedAt when the process started: the first check is due {@code initial_delay} after it */
    boolean isDue(Instant now, Instant startedAt, ProbePolicy policy) {
        if (killed) {
            return false;
        }
        if (!track.isScheduled()) {
            track.scheduleAt(startedAt.plus(policy.initialDelay()));
        }
        return track.isDue(now);
    }

    void sent() {
        track.sent();
    }

    /** Counts an answer about {@code from}; the one that reaches the threshold stops it at once. */
    void answered(RunningInstance from, boolean ok, Instant now, ProbePolicy policy) {
        if (from != process || killed) {
            return;
        }
        int inRow = track.answered(ok, now.plus(policy.period()));
        if (ok) {
            return;
        }
        log.record(Kind.PROBE_FAILED, "liveness check failed (" + inRow + "/" + policy.failureThreshold() + ")");
        if (inRow >= policy.failureThreshold()) {
            killed = true;
            track.stop();
            log.record(Kind.KILLED, "liveness check failed " + inRow + " times in a row; it will be restarted");
            process.stop(Duration.ZERO);
        }
    }
}
