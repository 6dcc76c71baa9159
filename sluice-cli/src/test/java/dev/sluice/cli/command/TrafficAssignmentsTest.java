package dev.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficAssignmentsTest {

    @Test
    void parsesOneQuotedArgumentInOrder() {
        assertThat(TrafficAssignments.traffic(List.of("green=10 blue=90")))
                .containsExactly(java.util.Map.entry("green", 10), java.util.Map.entry("blue", 90));
    }

    @Test
    void parsesSeparateArgumentsAsOne() {
        assertThat(TrafficAssignments.traffic(List.of("blue=90", "green=10")))
                .containsEntry("blue", 90).containsEntry("green", 10).hasSize(2);
    }

    @Test
    void allowsAllZeroAndEmpty() {
        assertThat(TrafficAssignments.traffic(List.of("blue=0"))).containsEntry("blue", 0);
        assertThat(TrafficAssignments.traffic(List.of(""))).isEmpty();
    }

    @Test
    void namesTheBadToken() {
        assertThatThrownBy(() -> TrafficAssignments.traffic(List.of("blue=ninety green=10")))
                .isInstanceOf(SluiceException.class)
                .hasMessage("--traffic: blue=ninety (expected: NAME=PERCENT)")
                .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo(ErrorCode.BAD_ARGUMENT));
        assertThatThrownBy(() -> TrafficAssignments.traffic(List.of("blue")))
                .hasMessage("--traffic: blue (expected: NAME=PERCENT)");
        assertThatThrownBy(() -> TrafficAssignments.traffic(List.of("=100")))
                .hasMessage("--traffic: =100 (expected: NAME=PERCENT)");
    }

    @Test
    void refusesPercentagesOutOfRange() {
        assertThatThrownBy(() -> TrafficAssignments.traffic(List.of("blue=120")))
                .hasMessage("--traffic: blue=120 (expected: NAME=PERCENT with a PERCENT of 0..100)");
        assertThatThrownBy(() -> TrafficAssignments.traffic(List.of("blue=-5 green=105")))
                .hasMessageContaining("blue=-5");
    }

    @Test
    void refusesSumsOtherThanZeroOrHundred() {
        assertThatThrownBy(() -> TrafficAssignments.traffic(List.of("blue=90 green=20")))
                .hasMessage("--traffic: blue=90 green=20 sums to 110 (expected: percentages that sum to 0 or 100)");
    }

    @Test
    void refusesTheSameDeploymentTwice() {
        assertThatThrownBy(() -> TrafficAssignments.traffic(List.of("blue=50 blue=50")))
                .hasMessageContaining("blue is given twice");
    }

    @Test
    void mirrorAllowsAtMostFifty() {
        assertThat(TrafficAssignments.mirror(List.of("green=10"))).containsEntry("green", 10);
        assertThat(TrafficAssignments.mirror(List.of("green=50"))).containsEntry("green", 50);
        assertThatThrownBy(() -> TrafficAssignments.mirror(List.of("green=51")))
                .hasMessage("--mirror-traffic: green=51 (expected: NAME=PERCENT with a PERCENT of 0..50)");
        assertThatThrownBy(() -> TrafficAssignments.mirror(List.of("green=ten")))
                .hasMessage("--mirror-traffic: green=ten (expected: NAME=PERCENT)");
    }
}
