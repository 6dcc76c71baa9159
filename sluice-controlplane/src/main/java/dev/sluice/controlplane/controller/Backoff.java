package dev.sluice.controlplane.controller;

import java.time.Duration;

/**
 * Capped exponential backoff for restarting a crashed instance: {@code initial}, twice that, … up to
 * {@code max}. An instance that stayed Ready for {@code resetAfter} starts again from {@code initial}.
 */
public record Backoff(Duration initial, Duration max, Duration resetAfter) {

    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10));
    }

    /** The delay before restart number {@code restarts + 1} (the first restart waits {@code initial}). */
    public Duration delayAfter(int consecutiveCrashes) {
        if (consecutiveCrashes <= 1) {
            return initial;
        }
        int shift = Math.min(consecutiveCrashes - 1, 20);
        Duration d = initial.multipliedBy(1L << shift);
        return d.compareTo(max) > 0 ? max : d;
    }
}
