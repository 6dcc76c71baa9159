package dev.sluice.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsCoverEveryDurationInOrderAndNoWiderThanAnEighth() {
        int previous = -1;
        for (long micros = 0; micros < 5_000_000; micros = micros < 100 ? micros + 1 : micros * 11 / 10) {
            int index = LatencyHistogram.index(micros);
            assertThat(index).isGreaterThanOrEqualTo(previous).isLessThan(LatencyHistogram.BUCKETS);
            assertThat(LatencyHistogram.lowerBound(index)).isLessThanOrEqualTo(micros);
            long upper = LatencyHistogram.lowerBound(index + 1);
            assertThat(upper).isGreaterThan(micros);
            assertThat(upper - LatencyHistogram.lowerBound(index)).isLessThanOrEqualTo(Math.max(1, micros / 8 + 1));
            previous = index;
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void quantilesAndMeanOfWhatHappenedBetweenTwoReadings() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(500, TimeUnit.MILLISECONDS);
        LatencyHistogram.Counts before = h.counts();
        for (int i = 1; i <= 100; i++) {
            h.record(i, TimeUnit.MILLISECONDS);
        }
        LatencyHistogram.Counts between = h.counts().minus(before);

        assertThat(between.count()).isEqualTo(100);
        assertThat(between.meanMillis()).isCloseTo(50.5, within(0.01));
        assertThat(between.quantileMillis(0.5)).isCloseTo(50, within(50 * 0.0625));
        assertThat(between.quantileMillis(0.99)).isCloseTo(99, within(99 * 0.0625));
        assertThat(LatencyHistogram.Counts.EMPTY.quantileMillis(0.5)).isNaN();
    }
}
