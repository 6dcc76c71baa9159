package dev.sluice.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorScheduleTest {

    private static List<Integer> mirroredPositions(MirrorSchedule schedule, int requests) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            if (schedule.shouldMirror()) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void twentyPercentOfAThousandIsExactlyTwoHundredEvenlySpread() {
        List<Integer> mirrored = mirroredPositions(MirrorSchedule.of("green", 20), 1000);

        assertThat(mirrored).hasSize(200);
        for (int i = 1; i < mirrored.size(); i++) {
            assertThat(mirrored.get(i) - mirrored.get(i - 1)).as("gap before the %dth copy", i).isEqualTo(5);
        }
        for (int hundred = 0; hundred < 10; hundred++) {
            int from = hundred * 100;
            assertThat(mirrored).filteredOn(p -> p >= from && p < from + 100).hasSize(20);
        }
    }

    @Test
    void zeroPercentMirrorsNothing() {
        assertThat(mirroredPositions(MirrorSchedule.of("green", 0), 1000)).isEmpty();
    }

    @Test
    void fiftyPercentMirrorsEveryOtherRequest() {
        List<Integer> mirrored = mirroredPositions(MirrorSchedule.of("green", 50), 1000);
        assertThat(mirrored).hasSize(500);
        assertThat(mirrored).allSatisfy(p -> assertThat(p % 2).isEqualTo(1));
    }

    @Test
    void unevenPercentagesAreExactPerHundred() {
        for (int percent : new int[] {1, 3, 7, 33, 49}) {
            List<Integer> mirrored = mirroredPositions(MirrorSchedule.of("green", percent), 1000);
            assertThat(mirrored).as("%d%%", percent).hasSize(percent * 10);
            int maxGap = (100 + percent - 1) / percent;
            for (int i = 1; i < mirrored.size(); i++) {
                assertThat(mirrored.get(i) - mirrored.get(i - 1)).as("%d%% gap", percent).isLessThanOrEqualTo(maxGap);
            }
        }
    }

    @Test
    void keepsItsDeploymentAndPercent() {
        MirrorSchedule schedule = MirrorSchedule.of("green", 10);
        assertThat(schedule.deployment()).isEqualTo("green");
        assertThat(schedule.percent()).isEqualTo(10);
    }

    @Test
    void refusesPercentagesOutsideZeroToHundred() {
        assertThatThrownBy(() -> MirrorSchedule.of("green", 101)).hasMessage("percent: 101 (expected: 0..100)");
        assertThatThrownBy(() -> MirrorSchedule.of("green", -1)).hasMessage("percent: -1 (expected: 0..100)");
    }
}
