package dev.sluice.core.testing;

import dev.sluice.core.metrics.MetricHistory;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A {@link MetricHistory} from points a test adds, for unit tests of autoscaling on fixed instants. */
public final class FakeMetricHistory implements MetricHistory {

    private final Map<MetricName, List<MetricPoint>> points = new EnumMap<>(MetricName.class);

    private FakeMetricHistory() {
    }

    public static FakeMetricHistory create() {
        return new FakeMetricHistory();
    }

    /** One point: the grain starting at {@code time}, values by series (instance id or deployment name). */
    public FakeMetricHistory add(MetricName metric, Instant time, Map<String, Double> values) {
        points.computeIfAbsent(metric, m -> new ArrayList<>()).add(new MetricPoint(time, values));
        return this;
    }

    /** A point every {@link #GRAIN} from {@code from} (inclusive) to {@code to} (exclusive), all with {@code values}. */
    public FakeMetricHistory steady(MetricName metric, Instant from, Instant to, Map<String, Double> values) {
        for (Instant t = from; t.isBefore(to); t = t.plus(GRAIN)) {
            add(metric, t, values);
        }
        return this;
    }

    @Override
    public List<MetricPoint> points(MetricName metric, Instant from, Instant to) {
        return points.getOrDefault(metric, List.of()).stream()
                .filter(p -> !p.time().isBefore(from) && p.time().isBefore(to))
                .sorted(Comparator.comparing(MetricPoint::time))
                .toList();
    }
}
