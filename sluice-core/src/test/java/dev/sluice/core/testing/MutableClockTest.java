package dev.sluice.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(clock.instant()).isEqualTo(clock.instant());
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z").toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void advancesAndSets() {
        MutableClock clock = MutableClock.create();
        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(MutableClock.DEFAULT_START.plusSeconds(90));
        assertThat(clock.advanceMillis(500)).isEqualTo(MutableClock.DEFAULT_START.plusMillis(90_500));
        assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START.plusMillis(90_500));

        clock.set(Instant.EPOCH);
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
        clock.advance(Duration.ofSeconds(-1));
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH.minusSeconds(1));
    }

    @Test
    void zonedCopySharesTheInstant() {
        MutableClock clock = MutableClock.create();
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(clock.instant());
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}
