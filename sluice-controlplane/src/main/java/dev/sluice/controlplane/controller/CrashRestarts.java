package dev.sluice.controlplane.controller;

import java.time.Duration;
import java.time.Instant;

/**
 * An instance's restarts after crashes: how many there were, when the next one is due, and the backoff before it,
 * which starts over once the instance stayed Ready long enough. Controller thread only.
 */
final class CrashRestarts {

    private int count;
    private int consecutiveCrashes;
    private Instant dueAt;

    /** A worker an earlier server started keeps the count it had there. */
    void carryOver(int restarts) {
        count = restarts;
    }

    /**
     * Plans the restart after a crash and returns how long it waits.
     *
     * @param readySince when the instance last became Ready; null when it never was
     */
    Duration planAfterCrash(Instant now, Instant readySince, Backoff backoff) {
        if (readySince != null && Duration.between(readySince, now).compareTo(backoff.resetAfter()) > 0) {
            consecutiveCrashes = 0;
        }
        consecutiveCrashes++;
        Duration delay = backoff.delayAfter(consecutiveCrashes);
        dueAt = now.plus(delay);
        return delay;
    }

    /** The planned restart is being tried: it counts whether or not it works. */
    void trying() {
        count++;
        dueAt = null;
    }

    /** No restart is planned any more (a new process runs, or the instance failed for good). */
    void cancel() {
        dueAt = null;
    }

    boolean isPlanned() {
        return dueAt != null;
    }

    boolean isDue(Instant now) {
        return dueAt != null && !now.isBefore(dueAt);
    }

    int count() {
        return count;
    }
}
