package dev.sluice.core.autoscale;

import dev.sluice.core.metrics.MetricName;
import java.time.Duration;
import java.util.Objects;

/**
 * When a rule fires: the metric over the last {@code timeWindow}, in grains of {@code timeGrain}, the series of a
 * grain combined by {@code statistic}, the grains combined by {@code timeAggregation}, compared with
 * {@code threshold} by {@code operator}.
 *
 * @param dividePerInstance divide each grain's value by the deployment's instance count (by 1 at zero instances)
 */
public record MetricTrigger(MetricName metric, Duration timeGrain, Statistic statistic, Duration timeWindow,
                            TimeAggregation timeAggregation, ComparisonOperator operator, double threshold,
                            boolean dividePerInstance) {

    public MetricTrigger {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(timeGrain, "timeGrain");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(timeWindow, "timeWindow");
        Objects.requireNonNull(timeAggregation, "timeAggregation");
        Objects.requireNonNull(operator, "operator");
    }

    /**
     * Whether the observed value is a per-instance figure, so that with fewer instances it would grow in
     * proportion: an average, minimum or maximum of a per-instance metric, or any value divided per instance.
     * Azure's flapping estimate projects exactly these; sums and counts of samples do not move that way.
     */
    public boolean perInstance() {
        if (timeAggregation == TimeAggregation.COUNT || statistic == Statistic.COUNT) {
            return false;
        }
        return dividePerInstance || metric.scope() == MetricName.Scope.INSTANCE && statistic != Statistic.SUM;
    }

    /** {@code CpuUtilizationPercentage Average(PT1M) Average over PT5M > 70}. */
    public String describe() {
        return metric.azureName() + " " + statistic.wire() + "(" + AzureDuration.format(timeGrain) + ")"
                + (dividePerInstance ? " per instance" : "")
                + " " + timeAggregation.wire() + " over " + AzureDuration.format(timeWindow)
                + " " + operator.symbol() + " " + number(threshold);
    }

    /** 70 rather than 70.0; other values as Java prints them. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
