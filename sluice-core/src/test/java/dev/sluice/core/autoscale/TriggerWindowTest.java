package dev.sluice.core.autoscale;

import static dev.sluice.core.autoscale.Rules.NOW;
import static dev.sluice.core.autoscale.Rules.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.testing.FakeMetricHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriggerWindowTest {

    private static final MetricName CPU = MetricName.CPU_UTILIZATION;
    private static final Instant START = NOW.minus(Rules.WINDOW);

    /** Two instances at 60 and 80 for the whole window. */
    private static final FakeMetricHistory TWO_INSTANCES = FakeMetricHistory.create()
            .steady(CPU, START, NOW, Map.of("i-1", 60.0, "i-2", 80.0));

    /** One instance whose CPU is 10, 20, 30, 40, 50 in the five minutes of the window. */
    private static FakeMetricHistory rising() {
        FakeMetricHistory history = FakeMetricHistory.create();
        for (int minute = 0; minute < 5; minute++) {
            Instant from = START.plus(Duration.ofMinutes(minute));
            history.steady(CPU, from, from.plus(Duration.ofMinutes(1)), Map.of("i-1", 10.0 * (minute + 1)));
        }
        return history;
    }

    private static double observe(MetricTrigger trigger, FakeMetricHistory history, int instances) {
        return TriggerWindow.observe(trigger, history, instances, NOW).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AVERAGE, 70", "MIN, 60", "MAX, 80", "SUM, 140", "COUNT, 12"})
    void theStatisticCombinesTheInstancesOfAGrain(Statistic statistic, double expected) {
        // COUNT: six 10-second samples per minute from each of two instances.
        assertThat(observe(trigger(CPU, statistic, TimeAggregation.AVERAGE), TWO_INSTANCES, 2)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AVERAGE, 30", "MINIMUM, 10", "MAXIMUM, 50", "TOTAL, 150", "COUNT, 5", "LAST, 50"})
    void theTimeAggregationCombinesTheGrainsOfTheWindow(TimeAggregation aggregation, double expected) {
        assertThat(observe(trigger(CPU, Statistic.AVERAGE, aggregation), rising(), 1)).isEqualTo(expected);
    }

    @Test
    void aSeriesCountsByTheMeanOfItsSamplesInTheGrain() {
        FakeMetricHistory history = FakeMetricHistory.create()
                .add(CPU, START, Map.of("i-1", 10.0, "i-2", 50.0))
                .add(CPU, START.plusSeconds(10), Map.of("i-1", 30.0))
                .add(CPU, START.plusSeconds(20), Map.of("i-1", 20.0));

        // i-1 averages 20 over its three samples, i-2 50 over its one: the grain is (20 + 50) / 2, not 110 / 4.
        assertThat(observe(trigger(CPU, Statistic.AVERAGE, TimeAggregation.AVERAGE), history, 2)).isEqualTo(35);
    }

    @Test
    void grainsWithoutDataAreLeftOutNotCountedAsZero() {
        FakeMetricHistory history = FakeMetricHistory.create()
                .add(CPU, START, Map.of("i-1", 40.0))
                .add(CPU, START.plus(Duration.ofMinutes(3)), Map.of("i-1", 80.0));

        assertThat(observe(trigger(CPU, Statistic.AVERAGE, TimeAggregation.AVERAGE), history, 1)).isEqualTo(60);
        assertThat(observe(trigger(CPU, Statistic.AVERAGE, TimeAggregation.COUNT), history, 1)).isEqualTo(2);
    }

    @Test
    void aWindowWithoutDataObservesNothing() {
        FakeMetricHistory history = FakeMetricHistory.create()
                .add(CPU, START.minusSeconds(10), Map.of("i-1", 99.0))
                .add(CPU, NOW, Map.of("i-1", 99.0))
                .add(MetricName.REQUEST_LATENCY, START, Map.of("blue", 99.0));

        assertThat(TriggerWindow.observe(trigger(CPU, Statistic.AVERAGE, TimeAggregation.AVERAGE), history, 1, NOW))
                .isEqualTo(OptionalDouble.empty());
    }

    @Test
    void dividePerInstanceDividesByTheInstanceCountAndByOneAtZero() {
        MetricTrigger perInstance = new MetricTrigger(MetricName.REQUESTS_PER_MINUTE, Rules.GRAIN, Statistic.SUM,
                Rules.WINDOW, TimeAggregation.AVERAGE, ComparisonOperator.GREATER_THAN, 10, true);
        FakeMetricHistory history = FakeMetricHistory.create()
                .steady(MetricName.REQUESTS_PER_MINUTE, START, NOW, Map.of("blue", 120.0));

        assertThat(observe(perInstance, history, 4)).isEqualTo(30);
        assertThat(observe(perInstance, history, 0)).isEqualTo(120);
    }

    @Test
    void aWindowThatIsNotWholeGrainsEndsWithAShorterGrain() {
        MetricTrigger trigger = new MetricTrigger(CPU, Duration.ofMinutes(1), Statistic.AVERAGE,
                Duration.ofSeconds(150), TimeAggregation.COUNT, ComparisonOperator.GREATER_THAN, 0, false);
        FakeMetricHistory history = FakeMetricHistory.create()
                .steady(CPU, NOW.minusSeconds(150), NOW, Map.of("i-1", 1.0));

        assertThat(observe(trigger, history, 1)).isEqualTo(3);
    }
}
