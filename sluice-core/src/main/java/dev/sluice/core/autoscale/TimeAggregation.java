package dev.sluice.core.autoscale;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;
import java.util.List;

/** Azure Monitor's {@code metricTrigger.timeAggregation}: how the grains of the time window are combined. */
public enum TimeAggregation implements WireValue {
    AVERAGE("Average"),
    MINIMUM("Minimum"),
    MAXIMUM("Maximum"),
    TOTAL("Total"),
    /** The number of grains in the window that have data. */
    COUNT("Count"),
    /** The value of the newest grain that has data. */
    LAST("Last");

    private final String wire;

    TimeAggregation(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** The window's value from its grains' values, oldest first (never empty). */
    double over(List<Double> grains) {
        return switch (this) {
            case AVERAGE -> grains.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case MINIMUM -> grains.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case MAXIMUM -> grains.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case TOTAL -> grains.stream().mapToDouble(Double::doubleValue).sum();
            case COUNT -> grains.size();
            case LAST -> grains.get(grains.size() - 1);
        };
    }
}
