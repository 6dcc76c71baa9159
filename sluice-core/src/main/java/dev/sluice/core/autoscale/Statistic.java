package dev.sluice.core.autoscale;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;
import java.util.Collection;
import java.util.List;
import java.util.stream.DoubleStream;

/**
 * Azure Monitor's {@code metricTrigger.statistic}: how the series of one time grain (one per instance, or the
 * deployment's one) are combined into the grain's value.
 */
public enum Statistic implements WireValue {
    AVERAGE("Average"),
    MIN("Min"),
    MAX("Max"),
    SUM("Sum"),
    /** The number of 10-second samples in the grain, over all series. */
    COUNT("Count");

    private final String wire;

    Statistic(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /**
     * The grain's value from its series, each given as its samples (never empty): a series counts by the mean of
     * its samples, except for {@link #COUNT}, which counts the samples themselves.
     */
    double across(Collection<List<Double>> series) {
        return switch (this) {
            case AVERAGE -> means(series).average().orElseThrow();
            case MIN -> means(series).min().orElseThrow();
            case MAX -> means(series).max().orElseThrow();
            case SUM -> means(series).sum();
            case COUNT -> series.stream().mapToInt(List::size).sum();
        };
    }

    private static DoubleStream means(Collection<List<Double>> series) {
        return series.stream()
                .mapToDouble(samples -> samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }
}
