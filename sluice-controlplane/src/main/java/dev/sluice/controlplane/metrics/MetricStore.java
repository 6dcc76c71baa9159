package dev.sluice.controlplane.metrics;

import dev.sluice.core.metrics.MetricHistory;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.MetricArchive;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of every deployment: the last hour at the ten-second grain in memory, and each finished minute
 * (the mean of its grains, per series) in the {@link MetricArchive}, which keeps a day. Written by the collector,
 * read by the autoscaler and the API from any thread (not an event loop: reads may reach the archive).
 */
public final class MetricStore {

    private static final Logger LOG = LoggerFactory.getLogger(MetricStore.class);
    static final Duration KEPT_IN_MEMORY = Duration.ofHours(1);
    private static final int GRAINS_KEPT = (int) (KEPT_IN_MEMORY.toSeconds() / MetricHistory.GRAIN.toSeconds());

    private final MetricArchive archive;
    private final Map<DeploymentId, Deque<Grain>> recent = new ConcurrentHashMap<>();

    private MetricStore(MetricArchive archive) {
        this.archive = archive;
    }

    public static MetricStore create(MetricArchive archive) {
        return new MetricStore(archive);
    }

    /** Adds the deployment's next grain; the first grain of a new minute archives the minute before it. */
    void add(DeploymentId deployment, Grain grain) {
        Deque<Grain> grains = recent.computeIfAbsent(deployment, k -> new ArrayDeque<>());
        Grain previous;
        synchronized (grains) {
            previous = grains.peekLast();
            grains.addLast(grain);
            while (grains.size() > GRAINS_KEPT) {
                grains.removeFirst();
            }
        }
        Instant minute = grain.start().truncatedTo(ChronoUnit.MINUTES);
        if (previous != null && previous.start().isBefore(minute)) {
            archiveMinute(deployment, previous.start().truncatedTo(ChronoUnit.MINUTES));
        }
    }

    /** Forgets the deployments that are gone (their archived minutes go with them in the store). */
    void retainOnly(Set<DeploymentId> deployments) {
        recent.keySet().retainAll(deployments);
    }

    /** Drops archived minutes older than the archive keeps. */
    void expire(Instant now) {
        archive.deleteBefore(now.minus(MetricArchive.RETENTION));
    }

    /**
     * The deployment's metrics as autoscale rules read them, at ten seconds throughout: the grains in memory (the
     * last hour), and before the first whole minute of those, the archive's minutes (the last day), each as six
     * grains holding its mean, so that a window of up to PT12H covers all of its time. Blocks on the archive only
     * when a window reaches past memory.
     */
    public MetricHistory history(DeploymentId deployment) {
        return (metric, from, to) -> points(deployment, metric, from, to);
    }

    private List<MetricPoint> points(DeploymentId deployment, MetricName metric, Instant from, Instant to) {
        List<Grain> grains = grains(deployment);
        if (!grains.isEmpty() && !from.isBefore(grains.get(0).start())) {
            return pointsOf(grains, metric, from, to);
        }
        // Memory from its first whole minute: the archived minute before that holds the grains of a partial one.
        Instant memoryFrom = grains.isEmpty() ? to : ceilingMinute(grains.get(0).start());
        Instant archivedUntil = memoryFrom.isBefore(to) ? memoryFrom : to;
        List<MetricPoint> out = new ArrayList<>();
        try {
            for (MetricPoint minute : archive.points(deployment, metric, from.truncatedTo(ChronoUnit.MINUTES),
                    archivedUntil)) {
                out.addAll(asGrains(minute, from, archivedUntil));
            }
        } catch (RuntimeException e) {
            // The rule still sees the hour in memory; the autoscaler's other deployments are not held up.
            LOG.warn("could not read the archived {} of {} since {}: {}", metric.azureName(), deployment, from,
                    e.getMessage());
        }
        out.addAll(pointsOf(grains, metric, from.isAfter(memoryFrom) ? from : memoryFrom, to));
        return out;
    }

    /**
     * An archived minute as the six ten-second grains it was the mean of, each with that mean, those in
     * {@code [from, to)}: a rule then reads the same grain everywhere in its window (its Count statistic counts
     * samples of ten seconds, and a grain under a minute finds data in every part of the window).
     */
    private static List<MetricPoint> asGrains(MetricPoint minute, Instant from, Instant to) {
        List<MetricPoint> out = new ArrayList<>();
        for (Instant t = minute.time(); t.isBefore(minute.time().plus(MetricArchive.GRAIN));
             t = t.plus(MetricHistory.GRAIN)) {
            if (!t.isBefore(from) && t.isBefore(to)) {
                out.add(new MetricPoint(t, minute.values()));
            }
        }
        return out;
    }

    private static Instant ceilingMinute(Instant time) {
        Instant minute = time.truncatedTo(ChronoUnit.MINUTES);
        return minute.equals(time) ? minute : minute.plus(MetricArchive.GRAIN);
    }

    public List<MetricPoint> recentPoints(DeploymentId deployment, MetricName metric, Instant from, Instant to) {
        return pointsOf(grains(deployment), metric, from, to);
    }

    private static List<MetricPoint> pointsOf(List<Grain> grains, MetricName metric, Instant from, Instant to) {
        List<MetricPoint> out = new ArrayList<>();
        for (Grain grain : grains) {
            Map<String, Double> values = grain.of(metric);
            if (!grain.start().isBefore(from) && grain.start().isBefore(to) && !values.isEmpty()) {
                out.add(new MetricPoint(grain.start(), values));
            }
        }
        return out;
    }

    /** Minutes of the last day from the archive. */
    public List<MetricPoint> archivedPoints(DeploymentId deployment, MetricName metric, Instant from, Instant to) {
        return archive.points(deployment, metric, from, to);
    }

    /** The deployment's newest grain, or empty before the first one. */
    public Map<MetricName, Map<String, Double>> latest(DeploymentId deployment) {
        List<Grain> grains = grains(deployment);
        return grains.isEmpty() ? Map.of() : grains.get(grains.size() - 1).values();
    }

    private List<Grain> grains(DeploymentId deployment) {
        Deque<Grain> grains = recent.get(deployment);
        if (grains == null) {
            return List.of();
        }
        synchronized (grains) {
            return List.copyOf(grains);
        }
    }

    private void archiveMinute(DeploymentId deployment, Instant minute) {
        Instant end = minute.plus(MetricArchive.GRAIN);
        Map<MetricName, Map<String, Double>> means = new EnumMap<>(MetricName.class);
        for (MetricName metric : MetricName.values()) {
            Map<String, double[]> sums = new HashMap<>();
            for (MetricPoint point : recentPoints(deployment, metric, minute, end)) {
                point.values().forEach((series, value) -> {
                    double[] sum = sums.computeIfAbsent(series, k -> new double[2]);
                    sum[0] += value;
                    sum[1]++;
                });
            }
            Map<String, Double> mean = new HashMap<>();
            sums.forEach((series, sum) -> mean.put(series, sum[0] / sum[1]));
            if (!mean.isEmpty()) {
                means.put(metric, mean);
            }
        }
        if (means.isEmpty()) {
            return;
        }
        try {
            archive.append(deployment, minute, means);
        } catch (RuntimeException e) {
            // Losing a minute of history must not stop the live metrics.
            LOG.warn("could not archive the metrics of {} at {}: {}", deployment, minute, e.getMessage());
        }
    }
}
