package dev.sluice.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActionsAndOperatorsTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "EQUALS, 70, 70, true", "EQUALS, 70.5, 70, false",
        "NOT_EQUALS, 70, 70, false", "NOT_EQUALS, 69, 70, true",
        "GREATER_THAN, 71, 70, true", "GREATER_THAN, 70, 70, false",
        "GREATER_THAN_OR_EQUAL, 70, 70, true", "GREATER_THAN_OR_EQUAL, 69.9, 70, false",
        "LESS_THAN, 69, 70, true", "LESS_THAN, 70, 70, false",
        "LESS_THAN_OR_EQUAL, 70, 70, true", "LESS_THAN_OR_EQUAL, 70.1, 70, false",
    })
    void everyOperatorComparesAsItsName(ComparisonOperator operator, double value, double threshold, boolean holds) {
        assertThat(operator.test(value, threshold)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} {1} {2} from {3}")
    @CsvSource({
        "INCREASE, CHANGE_COUNT, 2, 3, 5", "DECREASE, CHANGE_COUNT, 2, 3, 1", "DECREASE, CHANGE_COUNT, 5, 3, 0",
        // Percentages of the current count: up rounds up, down rounds down, and either moves at least one.
        "INCREASE, PERCENT_CHANGE_COUNT, 50, 3, 5", "INCREASE, PERCENT_CHANGE_COUNT, 10, 3, 4",
        "INCREASE, PERCENT_CHANGE_COUNT, 50, 0, 1", "DECREASE, PERCENT_CHANGE_COUNT, 50, 5, 3",
        "DECREASE, PERCENT_CHANGE_COUNT, 10, 3, 2", "DECREASE, PERCENT_CHANGE_COUNT, 100, 4, 0",
        // ExactCount only moves in its own direction.
        "INCREASE, EXACT_COUNT, 6, 3, 6", "INCREASE, EXACT_COUNT, 2, 3, 3",
        "DECREASE, EXACT_COUNT, 1, 3, 1", "DECREASE, EXACT_COUNT, 4, 3, 3",
        "NONE, CHANGE_COUNT, 2, 3, 3", "NONE, EXACT_COUNT, 7, 3, 3",
    })
    void everyActionTypeGivesItsCount(ScaleDirection direction, ScaleType type, int value, int current, int expected) {
        assertThat(new ScaleAction(direction, type, value, Duration.ofMinutes(1)).apply(current)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} from {3}")
    @CsvSource({
        "INCREASE, CHANGE_COUNT, 2147483647, 5, 2147483647", "DECREASE, CHANGE_COUNT, 2147483647, 5, 0",
        "INCREASE, PERCENT_CHANGE_COUNT, 2147483647, 2147483647, 2147483647",
        "DECREASE, PERCENT_CHANGE_COUNT, 2147483647, 2147483647, 0",
        "INCREASE, CHANGE_COUNT, 1, 2147483647, 2147483647",
    })
    void countsSaturateInsteadOfWrappingAround(ScaleDirection direction, ScaleType type, int value, int current,
                                               int expected) {
        assertThat(new ScaleAction(direction, type, value, Duration.ofMinutes(1)).apply(current)).isEqualTo(expected);
    }
}
