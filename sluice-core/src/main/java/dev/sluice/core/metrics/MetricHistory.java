package dev.sluice.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a deployment's metrics were, at the store's base grain ({@link #GRAIN}). The server keeps the last hour at
 * that grain and the last day at one minute; a minute older than the hour is given as its six grains, each with
 * the minute's mean.
 */
public interface MetricHistory {

    /** The base grain: every point covers this much time. */
    Duration GRAIN = Duration.ofSeconds(10);

    /**
     * The points of {@code metric} whose grain starts in {@code [from, to)}, oldest first. A grain without data
     * (no instance running, nothing measured) has no point, or a point without the series that had none.
     */
    List<MetricPoint> points(MetricName metric, Instant from, Instant to);
}
