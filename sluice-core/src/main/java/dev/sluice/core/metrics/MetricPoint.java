package dev.sluice.core.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One metric at one grain: the values by series, which is the instance id for {@link MetricName.Scope#INSTANCE}
 * metrics and the deployment's name for {@link MetricName.Scope#DEPLOYMENT} ones.
 *
 * @param time the start of the grain
 */
public record MetricPoint(Instant time, Map<String, Double> values) {

    public MetricPoint {
        Objects.requireNonNull(time, "time");
        values = Map.copyOf(values);
    }
}
