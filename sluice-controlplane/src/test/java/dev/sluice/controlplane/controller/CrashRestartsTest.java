package dev.sluice.controlplane.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrashRestartsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8),
            Duration.ofMinutes(10));

    private final CrashRestarts restarts = new CrashRestarts();

    @Test
    void crashesInARowWaitLongerUpToTheCap() {
        assertThat(restarts.planAfterCrash(T0, null, BACKOFF)).isEqualTo(Duration.ofSeconds(1));
        assertThat(restarts.planAfterCrash(T0, null, BACKOFF)).isEqualTo(Duration.ofSeconds(2));
        assertThat(restarts.planAfterCrash(T0, null, BACKOFF)).isEqualTo(Duration.ofSeconds(4));
        assertThat(restarts.planAfterCrash(T0, null, BACKOFF)).isEqualTo(Duration.ofSeconds(8));
        assertThat(restarts.planAfterCrash(T0, null, BACKOFF)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aLongEnoughReadyStartsTheBackoffOver() {
        restarts.planAfterCrash(T0, null, BACKOFF);
        restarts.planAfterCrash(T0, null, BACKOFF);
        Instant later = T0.plus(Duration.ofMinutes(30));

        assertThat(restarts.planAfterCrash(later, later.minus(Duration.ofMinutes(10)), BACKOFF))
                .as("Ready for exactly resetAfter is not enough").isEqualTo(Duration.ofSeconds(4));
        assertThat(restarts.planAfterCrash(later, later.minus(Duration.ofMinutes(11)), BACKOFF))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theRestartIsDueOnceItsDelayPassedAndCountsWhenTried() {
        restarts.planAfterCrash(T0, null, BACKOFF);

        assertThat(restarts.isPlanned()).isTrue();
        assertThat(restarts.isDue(T0.plusMillis(999))).isFalse();
        assertThat(restarts.isDue(T0.plusSeconds(1))).isTrue();
        restarts.trying();
        assertThat(restarts.count()).isEqualTo(1);
        assertThat(restarts.isPlanned()).isFalse();
        assertThat(restarts.isDue(T0.plusSeconds(5))).isFalse();
    }

    @Test
    void aCancelledRestartIsNotDueAndAnAdoptedCountCarriesOn() {
        restarts.carryOver(3);
        restarts.planAfterCrash(T0, null, BACKOFF);
        restarts.cancel();

        assertThat(restarts.isDue(T0.plusSeconds(60))).isFalse();
        restarts.trying();
        assertThat(restarts.count()).isEqualTo(4);
    }
}
