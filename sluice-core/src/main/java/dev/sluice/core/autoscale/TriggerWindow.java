package dev.sluice.core.autoscale;

import dev.sluice.core.metrics.MetricHistory;
import dev.sluice.core.metrics.MetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What a trigger observes at {@code now}, as Azure Monitor computes it: the window {@code [now − timeWindow, now)}
 * is cut into time grains from its start (the last one shorter when the window is not a whole number of grains);
 * in each grain each series counts by the mean of its 10-second samples; the series are combined by the
 * statistic, then divided by the instance count when {@code dividePerInstance}; the grains that have data are
 * combined by the time aggregation. Grains without data are left out, not counted as zero.
 */
final class TriggerWindow {

    private TriggerWindow() {
    }

    /** The observed value, or empty when no grain of the window has data. */
    static OptionalDouble observe(MetricTrigger trigger, MetricHistory history, int instanceCount, Instant now) {
        Instant from = now.minus(trigger.timeWindow());
        long grainMillis = trigger.timeGrain().toMillis();
        int grainCount = (int) ((trigger.timeWindow().toMillis() + grainMillis - 1) / grainMillis);
        List<Map<String, List<Double>>> grains = new ArrayList<>();
        for (int i = 0; i < grainCount; i++) {
            grains.add(new TreeMap<>());
        }
        for (MetricPoint point : history.points(trigger.metric(), from, now)) {
            if (point.time().isBefore(from) || !point.time().isBefore(now)) {
                continue;
            }
            Map<String, List<Double>> grain = grains.get((int) ((point.time().toEpochMilli() - from.toEpochMilli())
                    / grainMillis));
            point.values().forEach((series, value) -> {
                if (value != null && Double.isFinite(value)) {
                    grain.computeIfAbsent(series, s -> new ArrayList<>()).add(value);
                }
            });
        }
        List<Double> values = new ArrayList<>();
        for (Map<String, List<Double>> grain : grains) {
            if (!grain.isEmpty()) {
                double value = trigger.statistic().across(grain.values());
                values.add(trigger.dividePerInstance() ? value / Math.max(1, instanceCount) : value);
            }
        }
        return values.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(trigger.timeAggregation().over(values));
    }
}
