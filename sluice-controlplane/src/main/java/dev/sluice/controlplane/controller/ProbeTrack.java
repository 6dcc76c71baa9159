package dev.sluice.controlplane.controller;

import java.time.Instant;

/** Where one kind of probe of one instance stands: when it is due, whether one is out, answers in a row. */
final class ProbeTrack {

    private Instant nextAt;
    private boolean inFlight;
    private int failures;
    private int successes;

    /** Starts over for a new process: the first check is due at {@code first} (null: not scheduled yet). */
    void reset(Instant first) {
        nextAt = first;
        inFlight = false;
        failures = 0;
        successes = 0;
    }

    boolean isScheduled() {
        return nextAt != null;
    }

    boolean isDue(Instant now) {
        return !inFlight && nextAt != null && !now.isBefore(nextAt);
    }

    void sent() {
        inFlight = true;
    }

    /** Counts the answer and schedules the next check; returns the number of equal answers in a row. */
    int answered(boolean ok, Instant next) {
        inFlight = false;
        nextAt = next;
        if (ok) {
            failures = 0;
            return ++successes;
        }
        successes = 0;
        return ++failures;
    }

    void scheduleAt(Instant next) {
        nextAt = next;
    }

    /** No more checks (the instance is being killed or stopped). */
    void stop() {
        nextAt = null;
    }
}
