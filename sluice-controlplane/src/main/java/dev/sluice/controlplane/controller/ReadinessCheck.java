package dev.sluice.controlplane.controller;

import dev.sluice.core.model.InstanceEvent.Kind;
import dev.sluice.core.model.InstanceState;
import java.time.Duration;
import java.time.Instant;

/**
 * The readiness checks of an instance's current process and what their answers in a row mean: Starting → Ready at
 * the first pass; Ready → Unready after {@code failure_threshold} failures in a row; Unready → Ready after
 * {@code success_threshold} passes in a row. Records those transitions, the first Ready with the cold start it
 * measured. Controller thread only.
 */
final class ReadinessCheck {

    private final InstanceEventLog log;
    private final ProbeTrack track = new ProbeTrack();
    private Instant readySince;
    private boolean everReady;
    /** When the process started, for the cold start; null for a worker an earlier server started. */
    private Instant coldStartFrom;

    ReadinessCheck(InstanceEventLog log) {
        this.log = log;
    }

    /** A process that started at {@code startedAt}: the first check is due at once. */
    void restart(Instant now, Instant startedAt) {
        readySince = null;
        everReady = false;
        coldStartFrom = startedAt;
        track.reset(now);
    }

    /** A worker an earlier server started, taken over as it runs: the first check is due at once. */
    void restartAdopted(Instant now) {
        restart(now, null);
    }

    /** No more checks (the process exited or is being stopped). */
    void stop() {
        track.stop();
    }

    boolean isDue(Instant now) {
        return track.isDue(now);
    }

    void sent() {
        track.sent();
    }

    /** Before the worker's address is known, ask again soon. */
    void postpone(Instant now) {
        track.scheduleAt(now.plus(ProbePolicy.STARTUP_POLL));
    }

    /** Counts an answer and schedules the next check; returns the state the instance is in after it. */
    InstanceState answered(InstanceState state, boolean ok, Instant now, ProbePolicy policy) {
        boolean starting = state == InstanceState.STARTING;
        Instant next = now.plus(starting && !ok ? ProbePolicy.STARTUP_POLL : policy.period());
        int inRow = track.answered(ok, next);
        if (starting && ok) {
            recordFirstReady(now);
            return ready(now);
        }
        if (state == InstanceState.READY && !ok && inRow >= policy.failureThreshold()) {
            log.record(Kind.UNREADY, inRow + " readiness checks failed");
            return InstanceState.UNREADY;
        }
        if (state == InstanceState.UNREADY && ok && inRow >= policy.successThreshold()) {
            log.record(Kind.READY, "readiness check passed again");
            return ready(now);
        }
        return state;
    }

    private void recordFirstReady(Instant now) {
        if (coldStartFrom == null) {
            log.record(Kind.READY, "adopted worker answered");
        } else {
            long coldStart = Duration.between(coldStartFrom, now).toMillis();
            log.ready("ready after " + coldStart + " ms", coldStart);
        }
    }

    private InstanceState ready(Instant now) {
        everReady = true;
        readySince = now;
        return InstanceState.READY;
    }

    /** When it last became Ready; null when it has not been since its process started. */
    Instant readySince() {
        return readySince;
    }

    boolean wasEverReady() {
        return everReady;
    }
}
