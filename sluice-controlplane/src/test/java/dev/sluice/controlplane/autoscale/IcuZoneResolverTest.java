package dev.sluice.controlplane.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.autoscale.AutoscaleSetting;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ProfileSelector;
import dev.sluice.core.error.SluiceException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IcuZoneResolverTest {

    private final IcuZoneResolver zones = IcuZoneResolver.create();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Pacific Standard Time, America/Los_Angeles",
        "W. Europe Standard Time, Europe/Berlin",
        "Eastern Standard Time, America/New_York",
        "Tokyo Standard Time, Asia/Tokyo",
        "India Standard Time, Asia/Calcutta",
        "AUS Eastern Standard Time, Australia/Sydney",
        "Europe/Paris, Europe/Paris",
    })
    void mapsWindowsNamesAndIanaNames(String name, String expected) {
        assertThat(zones.resolve("timeZone", name).normalized())
                .isEqualTo(ZoneId.of(expected).normalized());
        assertThat(zones.resolve("timeZone", name).getRules()).isEqualTo(ZoneId.of(expected).getRules());
    }

    @Test
    void utcAndFixedWindowsOffsetsHaveNoDaylightSaving() {
        Instant summer = Instant.parse("2025-07-01T00:00:00Z");
        assertThat(zones.resolve("timeZone", "UTC").getRules().getOffset(summer)).isEqualTo(ZoneOffset.UTC);
        assertThat(zones.resolve("timeZone", "UTC-11").getRules().getOffset(summer)).isEqualTo(ZoneOffset.ofHours(-11));
        assertThat(zones.resolve("timeZone", "UTC+12").getRules().getOffset(summer)).isEqualTo(ZoneOffset.ofHours(12));
    }

    @Test
    void pacificTimeChangesItsOffsetOnTheDaysTheUsDoes() {
        ZoneId pacific = zones.resolve("timeZone", "Pacific Standard Time");
        // 2025: forward on 9 March at 02:00 PST, back on 2 November at 02:00 PDT.
        assertThat(pacific.getRules().getOffset(Instant.parse("2025-03-09T09:59:59Z"))).isEqualTo(ZoneOffset.ofHours(-8));
        assertThat(pacific.getRules().getOffset(Instant.parse("2025-03-09T10:00:00Z"))).isEqualTo(ZoneOffset.ofHours(-7));
        assertThat(pacific.getRules().getOffset(Instant.parse("2025-11-02T08:59:59Z"))).isEqualTo(ZoneOffset.ofHours(-7));
        assertThat(pacific.getRules().getOffset(Instant.parse("2025-11-02T09:00:00Z"))).isEqualTo(ZoneOffset.ofHours(-8));
        assertThat(ZonedDateTime.of(2025, 3, 9, 2, 30, 0, 0, pacific).toLocalTime()).hasToString("03:30");
    }

    @Test
    void anUnknownNameIsABadArgumentNamingTheField() {
        assertThatThrownBy(() -> zones.resolve("profiles[0].recurrence.schedule.timeZone", "Mars Standard Time"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("profiles[0].recurrence.schedule.timeZone: Mars Standard Time (expected: a Windows "
                        + "time-zone name as Azure writes them, such as Pacific Standard Time or W. Europe Standard "
                        + "Time, or UTC or an IANA name such as Europe/Berlin)");
        assertThat(zones.find("+02:00")).isEmpty();
        assertThat(zones.find(null)).isEmpty();
    }

    @Test
    void aPortalWeekdayWeekendPairSwitchesAtLocalMidnightAcrossDaylightSaving() throws Exception {
        AutoscaleSetting setting = AutoscaleSettingReader.create(zones).read(new ObjectMapper().readTree("""
                {"profiles": [
                  {"name": "weekday", "capacity": {"minimum": "3", "maximum": "3", "default": "3"}, "rules": [],
                   "recurrence": {"frequency": "Week", "schedule": {"timeZone": "Pacific Standard Time",
                     "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "hours": [0], "minutes": [0]}}},
                  {"name": "weekend", "capacity": {"minimum": "1", "maximum": "1", "default": "1"}, "rules": [],
                   "recurrence": {"frequency": "Week", "schedule": {"timeZone": "Pacific Standard Time",
                     "days": ["Saturday", "Sunday"], "hours": [0], "minutes": [0]}}}]}
                """));

        assertThat(active(setting, "2025-03-08T07:59:59Z")).isEqualTo("weekday");
        assertThat(active(setting, "2025-03-08T08:00:00Z")).isEqualTo("weekend");
        assertThat(active(setting, "2025-03-10T06:59:59Z")).isEqualTo("weekend");
        assertThat(active(setting, "2025-03-10T07:00:00Z")).isEqualTo("weekday");
    }

    private String active(AutoscaleSetting setting, String instant) {
        return ProfileSelector.active(setting, Instant.parse(instant), zones).orElseThrow().profile().name();
    }
}
