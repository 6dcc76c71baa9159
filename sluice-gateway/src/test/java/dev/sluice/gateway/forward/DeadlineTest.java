package dev.sluice.gateway.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private static final long MS = 1_000_000L;

    @Test
    void theBudgetLeftIsTheTimeoutLessWhatWasSpentSinceArrival() {
        Deadline deadline = Deadline.after(10_000 * MS, Duration.ofMillis(5000));

        assertThat(deadline.remainingMillis(10_000 * MS)).isEqualTo(5000);
        assertThat(deadline.remainingMillis(13_000 * MS)).isEqualTo(2000);
        assertThat(deadline.remainingMillis(13_000 * MS + 1)).as("rounded up").isEqualTo(2000);
        assertThat(deadline.passed(14_999 * MS)).isFalse();
        assertThat(deadline.passed(15_000 * MS)).isTrue();
        assertThat(deadline.timeoutMillis()).isEqualTo(5000);
    }

    @Test
    void aSpentBudgetStillGivesATimerItsShortestDelay() {
        Deadline deadline = Deadline.after(0, Duration.ofMillis(100));

        assertThat(deadline.remainingMillis(100 * MS)).isEqualTo(1);
        assertThat(deadline.remainingMillis(60_000 * MS)).isEqualTo(1);
    }

    @Test
    void worksAcrossTheWrapOfTheNanoClock() {
        Deadline deadline = Deadline.after(Long.MAX_VALUE - 1000 * MS, Duration.ofMillis(3000));

        assertThat(deadline.passed(Long.MAX_VALUE)).isFalse();
        assertThat(deadline.remainingMillis(Long.MAX_VALUE)).isEqualTo(2000);
        assertThat(deadline.passed(Long.MIN_VALUE + 2000 * MS)).isTrue();
    }
}
