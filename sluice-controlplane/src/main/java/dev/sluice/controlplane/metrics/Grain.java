package dev.sluice.controlplane.metrics;

import dev.sluice.core.metrics.MetricName;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Ten seconds of one deployment: by metric, the value of each series (instance ids, or the deployment's name). */
record Grain(Instant start, Map<MetricName, Map<String, Double>> values) {

    Grain {
        Map<MetricName, Map<String, Double>> copy = new EnumMap<>(MetricName.class);
        values.forEach((metric, series) -> {
            if (!series.isEmpty()) {
                copy.put(metric, Map.copyOf(series));
            }
        });
        values = copy.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(copy);
    }

    Map<String, Double> of(MetricName metric) {
        return values.getOrDefault(metric, Map.of());
    }
}
