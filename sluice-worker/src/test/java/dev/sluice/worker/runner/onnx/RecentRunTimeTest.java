package dev.sluice.worker.runner.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentRunTimeTest {

    private static final long BUDGET_NANOS = 100_000;
    private final RecentRunTime runTimes = RecentRunTime.withBudget(Duration.ofNanos(BUDGET_NANOS));

    private void record(int runs, long nanos) {
        for (int i = 0; i < runs; i++) {
            runTimes.record(nanos);
        }
    }

    @Test
    void nothingIsWithinBudgetBeforeTheWarmUpRunsWereMeasured() {
        record(RecentRunTime.WARM_UP_RUNS - 1, 10_000);
        assertThat(runTimes.withinBudget()).isFalse();
        runTimes.record(10_000);
        assertThat(runTimes.withinBudget()).isTrue();
    }

    @Test
    void oneSlowRunLeavesTheBudgetAtOnce() {
        record(100, 10_000);
        runTimes.record(5_000_000);
        assertThat(runTimes.withinBudget()).isFalse();
    }

    @Test
    void onlyASteadyRunOfFastOnesComesBack() {
        record(RecentRunTime.WARM_UP_RUNS, 10_000);
        runTimes.record(1_000_000);
        record(10, 10_000);
        assertThat(runTimes.withinBudget()).as("a sixteenth of the gap per run: 10 runs are not enough").isFalse();
        record(50, 10_000);
        assertThat(runTimes.withinBudget()).isTrue();
    }

    @Test
    void runsAtTheBudgetAreNotWithinIt() {
        record(RecentRunTime.WARM_UP_RUNS, BUDGET_NANOS);
        assertThat(runTimes.withinBudget()).isFalse();
    }

    @Test
    void theBudgetMustBeMoreThanZero() {
        assertThatThrownBy(() -> RecentRunTime.withBudget(Duration.ZERO))
                .hasMessage("budget: PT0S (expected: more than zero)");
    }
}
