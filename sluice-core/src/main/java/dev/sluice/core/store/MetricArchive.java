package dev.sluice.core.store;

import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import dev.sluice.core.model.DeploymentId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where metrics are kept at a one-minute grain, for a day: what the server keeps in memory covers the last hour at
 * ten seconds. Calls block; implementations throw {@code SluiceException} INTERNAL when the database fails.
 */
public interface MetricArchive {

    Duration GRAIN = Duration.ofMinutes(1);
    Duration RETENTION = Duration.ofHours(24);

    /** Stores one minute of a deployment's metrics: by metric, the value of each series. */
    void append(DeploymentId deployment, Instant minute, Map<MetricName, Map<String, Double>> values);

    /** The points of {@code metric} whose minute starts in {@code [from, to)}, oldest first. */
    List<MetricPoint> points(DeploymentId deployment, MetricName metric, Instant from, Instant to);

    /** Forgets every minute that started before {@code cutoff}. */
    void deleteBefore(Instant cutoff);
}
