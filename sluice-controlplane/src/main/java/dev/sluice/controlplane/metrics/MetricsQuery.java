package dev.sluice.controlplane.metrics;

import dev.sluice.core.error.SluiceException;
import dev.sluice.core.metrics.MetricHistory;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.MetricArchive;
import dev.sluice.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Answers {@code GET /metrics/query}: a deployment's metrics over a time range, at the ten-second grain (the last
 * hour, from memory) or the one-minute grain (the last day, from the archive). Parameters are checked and named
 * when wrong. Blocking (the archive is the store); run it off event loops.
 */
public final class MetricsQuery {

    /** What was asked, checked. */
    public record Request(DeploymentId deployment, List<MetricName> metrics, Instant from, Instant to,
                          Duration grain) {
    }

    /** The points of each metric asked for, in the order asked. */
    public record Result(Request request, Map<MetricName, List<MetricPoint>> points) {
    }

    private final Store store;
    private final MetricStore metrics;
    private final Clock clock;

    private MetricsQuery(Store store, MetricStore metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    public static MetricsQuery create(Store store, MetricStore metrics, Clock clock) {
        return new MetricsQuery(store, metrics, clock);
    }

    /**
     * @param metric   comma-separated Azure metric names, or null for all
     * @param from     ISO-8601 instant, or null for an hour ago
     * @param to       ISO-8601 instant, or null for now
     * @param grain    {@code PT10S} or {@code PT1M}, or null for the finest that covers {@code from}
     */
    public Result query(String endpoint, String deployment, String metric, String from, String to, String grain) {
        Request request = check(endpoint, deployment, metric, from, to, grain);
        Map<MetricName, List<MetricPoint>> points = new LinkedHashMap<>();
        for (MetricName name : request.metrics()) {
            points.put(name, request.grain().equals(MetricHistory.GRAIN)
                    ? metrics.recentPoints(request.deployment(), name, request.from(), request.to())
                    : metrics.archivedPoints(request.deployment(), name, request.from(), request.to()));
        }
        return new Result(request, points);
    }

    private Request check(String endpoint, String deployment, String metric, String from, String to, String grain) {
        require("endpoint", endpoint);
        require("deployment", deployment);
        if (store.findDeployment(endpoint, deployment).isEmpty()) {
            throw SluiceException.notFound("deployment '" + endpoint + "/" + deployment + "'");
        }
        Instant now = clock.instant();
        Instant end = to == null ? now : instant("to", to);
        Instant start = from == null ? end.minus(MetricStore.KEPT_IN_MEMORY) : instant("from", from);
        if (!start.isBefore(end)) {
            throw SluiceException.badArgument("from", from, "a time before 'to' (" + end + ")");
        }
        Duration step = grain == null
                ? (start.isBefore(now.minus(MetricStore.KEPT_IN_MEMORY)) ? MetricArchive.GRAIN : MetricHistory.GRAIN)
                : grain(grain);
        return new Request(new DeploymentId(endpoint, deployment), metrics(metric), start, end, step);
    }

    private static List<MetricName> metrics(String metric) {
        if (metric == null || metric.isBlank()) {
            return List.of(MetricName.values());
        }
        return Arrays.stream(metric.split(",")).map(String::trim).map(name -> MetricName.fromAzureName(name)
                .orElseThrow(() -> SluiceException.badArgument("metric", name, "one of "
                        + Arrays.stream(MetricName.values()).map(MetricName::azureName)
                        .collect(Collectors.joining(", "))))).distinct().toList();
    }

    private static Duration grain(String grain) {
        try {
            Duration step = Duration.parse(grain);
            if (step.equals(MetricHistory.GRAIN) || step.equals(MetricArchive.GRAIN)) {
                return step;
            }
        } catch (DateTimeParseException e) {
            // named below
        }
        throw SluiceException.badArgument("grain", grain, "PT10S (the last hour) or PT1M (the last day)");
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw SluiceException.badArgument(field, value, "an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw SluiceException.badArgument(field, "(missing)", "a name");
        }
    }
}
