package dev.sluice.controlplane.metrics;

import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.model.DeploymentId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The newest grain of every metric as Prometheus gauges, refreshed after each grain: {@code
 * sluice_cpu_utilization_percent{endpoint,deployment,instance}}, {@code sluice_requests_per_minute{endpoint,
 * deployment}}, {@code sluice_request_latency_milliseconds{endpoint,deployment,statistic="mean|p50|p90|p95|p99"}}
 * and so on. Series of instances and deployments that are gone are removed. Collector thread only.
 */
final class MetricGauges {

    private record Series(DeploymentId deployment, MetricName metric, String series) {
    }

    private final MeterRegistry registry;
    private final Map<Series, Double> latest = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Series, Meter> meters = new HashMap<>();

    MetricGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    void refresh(MetricStore store, Set<DeploymentId> deployments) {
        Map<Series, Double> fresh = new HashMap<>();
        for (DeploymentId deployment : deployments) {
            store.latest(deployment).forEach((metric, values) -> values.forEach(
                    (series, value) -> fresh.put(new Series(deployment, metric, series), value)));
        }
        latest.putAll(fresh);
        latest.keySet().retainAll(fresh.keySet());
        meters.entrySet().removeIf(entry -> {
            if (fresh.containsKey(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue());
            return true;
        });
        fresh.keySet().forEach(series -> meters.computeIfAbsent(series, this::register));
    }

    private Meter register(Series s) {
        Tags tags = Tags.of("endpoint", s.deployment().endpointName(), "deployment", s.deployment().deploymentName());
        if (s.metric().scope() == MetricName.Scope.INSTANCE) {
            tags = tags.and("instance", s.series());
        }
        String statistic = statistic(s.metric());
        if (statistic != null) {
            tags = tags.and("statistic", statistic);
        }
        return Gauge.builder(name(s.metric()), latest, values -> values.getOrDefault(s, Double.NaN))
                .description("Sluice's " + s.metric().azureName() + " (" + s.metric().unit()
                        + ") over the last ten seconds, as autoscale rules read it")
                .tags(tags)
                .register(registry);
    }

    static String name(MetricName metric) {
        return switch (metric) {
            case CPU_UTILIZATION -> "sluice.cpu.utilization.percent";
            case MEMORY_UTILIZATION -> "sluice.memory.utilization.percent";
            case REQUESTS_PER_MINUTE -> "sluice.requests.per.minute";
            case REQUEST_LATENCY, REQUEST_LATENCY_P50, REQUEST_LATENCY_P90, REQUEST_LATENCY_P95,
                 REQUEST_LATENCY_P99 -> "sluice.request.latency.milliseconds";
            case CONCURRENT_REQUESTS_PER_INSTANCE -> "sluice.concurrent.requests.per.instance";
            case REQUEST_QUEUE_WAIT -> "sluice.request.queue.wait.milliseconds";
            case DEPLOYMENT_CAPACITY -> "sluice.deployment.capacity";
        };
    }

    private static String statistic(MetricName metric) {
        return switch (metric) {
            case REQUEST_LATENCY -> "mean";
            case REQUEST_LATENCY_P50 -> "p50";
            case REQUEST_LATENCY_P90 -> "p90";
            case REQUEST_LATENCY_P95 -> "p95";
            case REQUEST_LATENCY_P99 -> "p99";
            default -> null;
        };
    }
}
