package dev.sluice.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileSelectorTest {

    private static final String PACIFIC = "Pacific Standard Time";
    private static final Profile WEEKDAY = recurring("weekday", 3,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 0, 0);
    private static final Profile WEEKEND = recurring("weekend", 1, EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), 0, 0);
    private static final AutoscaleSetting PAIR = setting(WEEKDAY, WEEKEND);

    private static Profile recurring(String name, int count, Set<DayOfWeek> days, int hour, int minute) {
        return new Profile(name, new Capacity(count, count, count), List.of(),
                new Recurrence(PACIFIC, days, List.of(hour), List.of(minute)), null);
    }

    private static AutoscaleSetting setting(Profile... profiles) {
        return new AutoscaleSetting("s", true, List.of(profiles), List.of());
    }

    private static String active(AutoscaleSetting setting, String instant) {
        return ProfileSelector.active(setting, Instant.parse(instant), Documents.ZONES)
                .map(a -> a.profile().name()).orElse("(none)");
    }

    @Test
    void aWeekdayWeekendPairFollowsPacificTimeAcrossTheSpringChange() {
        // Saturday 2025-03-08 00:00 PST is 08:00Z; the clocks go forward on Sunday 2025-03-09.
        assertThat(active(PAIR, "2025-03-08T07:59:59Z")).isEqualTo("weekday");
        assertThat(active(PAIR, "2025-03-08T08:00:00Z")).isEqualTo("weekend");
        // Monday 2025-03-10 00:00 is PDT now: 07:00Z, an hour earlier in UTC than the weekend's start.
        assertThat(active(PAIR, "2025-03-10T06:59:59Z")).isEqualTo("weekend");
        assertThat(active(PAIR, "2025-03-10T07:00:00Z")).isEqualTo("weekday");
        assertThat(ProfileSelector.active(PAIR, Instant.parse("2025-03-10T07:00:00Z"), Documents.ZONES)
                .orElseThrow().why()).isEqualTo("recurrence since 2025-03-10T00:00-07:00 (Pacific Standard Time)");
    }

    @Test
    void andAcrossTheAutumnChange() {
        // Sunday 2025-11-02 02:00 PDT falls back to 01:00 PST; Monday 2025-11-03 00:00 PST is 08:00Z.
        assertThat(active(PAIR, "2025-11-01T07:00:00Z")).isEqualTo("weekend");
        assertThat(active(PAIR, "2025-11-03T07:59:59Z")).isEqualTo("weekend");
        assertThat(active(PAIR, "2025-11-03T08:00:00Z")).isEqualTo("weekday");
    }

    @Test
    void aStartInTheSpringGapMovesForwardByTheGap() {
        // 02:30 does not exist on 2025-03-09 in Pacific time: the profile starts at 03:30 PDT, 10:30Z.
        Profile early = recurring("early", 2, EnumSet.of(DayOfWeek.SUNDAY), 2, 30);
        AutoscaleSetting setting = setting(WEEKEND, early);
        assertThat(active(setting, "2025-03-09T10:29:59Z")).isEqualTo("weekend");
        assertThat(active(setting, "2025-03-09T10:30:00Z")).isEqualTo("early");
    }

    @Test
    void aFixedDateWinsOverTheRecurrenceForItsWindowOnly() {
        Profile launch = new Profile("launch", new Capacity(8, 8, 8), List.of(), null, new FixedDate(PACIFIC,
                OffsetDateTime.parse("2025-03-12T09:00-07:00"), OffsetDateTime.parse("2025-03-12T17:00-07:00")));
        AutoscaleSetting setting = setting(WEEKDAY, WEEKEND, launch);

        assertThat(active(setting, "2025-03-12T15:59:59Z")).isEqualTo("weekday");
        assertThat(active(setting, "2025-03-12T16:00:00Z")).isEqualTo("launch");
        assertThat(active(setting, "2025-03-12T23:59:59Z")).isEqualTo("launch");
        assertThat(active(setting, "2025-03-13T00:00:00Z")).isEqualTo("weekday");
    }

    @Test
    void theDefaultProfileServesWhenNoScheduleDoes() {
        Profile standard = new Profile("standard", new Capacity(1, 5, 2), List.of(), null, null);
        Profile launch = new Profile("launch", new Capacity(8, 8, 8), List.of(), null, new FixedDate("UTC",
                OffsetDateTime.parse("2025-03-12T09:00Z"), OffsetDateTime.parse("2025-03-12T17:00Z")));

        assertThat(active(setting(launch, standard), "2025-03-12T08:00:00Z")).isEqualTo("standard");
        assertThat(active(setting(launch, standard), "2025-03-12T09:00:00Z")).isEqualTo("launch");
        assertThat(active(setting(launch), "2025-03-12T08:00:00Z")).isEqualTo("(none)");
        // Once a recurrence has started, it runs until another profile starts: the default no longer serves.
        assertThat(active(setting(standard, WEEKEND), "2025-03-12T08:00:00Z")).isEqualTo("weekend");
    }

    @Test
    void onATieTheFirstListedWins() {
        Profile other = recurring("other", 2, EnumSet.of(DayOfWeek.SATURDAY), 0, 0);
        assertThat(active(setting(WEEKEND, other), "2025-03-08T09:00:00Z")).isEqualTo("weekend");
        assertThat(active(setting(other, WEEKEND), "2025-03-08T09:00:00Z")).isEqualTo("other");
        assertThat(ProfileSelector.active(setting(), Instant.EPOCH, Documents.ZONES)).isEqualTo(Optional.empty());
    }
}
