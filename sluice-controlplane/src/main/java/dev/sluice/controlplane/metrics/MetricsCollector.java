package dev.sluice.controlplane.metrics;

import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.core.metrics.LatencyHistogram;
import dev.sluice.core.metrics.MetricHistory;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures every deployment: each second it samples the requests in flight at each instance, and at the end of
 * each ten-second grain it adds a {@link Grain} to the {@link MetricStore} with what the gateway counted (requests,
 * latency, queue wait), what {@code /proc} says of each instance's processes (CPU, memory), the mean in-flight per
 * instance and the Ready count. Runs on one thread (the caller's); see {@link MetricsLoop}.
 */
public final class MetricsCollector {

    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};
    private static final MetricName[] QUANTILE_METRICS = {MetricName.REQUEST_LATENCY_P50,
            MetricName.REQUEST_LATENCY_P90, MetricName.REQUEST_LATENCY_P95, MetricName.REQUEST_LATENCY_P99};

    /** What one instance looked like at the end of the last grain. */
    private record CpuReading(Instant at, long ticks) {
    }

    /** What is kept about one deployment between samples. */
    private static final class Tally {
        DeploymentTraffic traffic = DeploymentTraffic.NONE;
        final Map<String, double[]> inFlight = new HashMap<>();
        final Map<String, CpuReading> cpu = new HashMap<>();
    }

    private final Store store;
    private final DeploymentRuntime runtime;
    private final TrafficReadings traffic;
    private final ProcessStats processes;
    private final Function<Long, List<Long>> processTree;
    private final MachineFacts machine;
    private final MetricStore sink;
    private final Clock clock;
    private final Map<DeploymentId, Tally> tallies = new HashMap<>();
    private Instant grainStart;

    MetricsCollector(Store store, DeploymentRuntime runtime, TrafficReadings traffic, ProcessStats processes,
                     Function<Long, List<Long>> processTree, MachineFacts machine, MetricStore sink, Clock clock) {
        this.store = store;
        this.runtime = runtime;
        this.traffic = traffic;
        this.processes = processes;
        this.processTree = processTree;
        this.machine = machine;
        this.sink = sink;
        this.clock = clock;
    }

    /** Samples in-flight requests; closes the grain when its ten seconds are over (then true). */
    boolean sample() {
        Instant now = clock.instant();
        boolean closed = false;
        if (grainStart == null) {
            grainStart = alignedStart(now);
        }
        if (!now.isBefore(grainStart.plus(MetricHistory.GRAIN))) {
            closeGrain(now);
            grainStart = alignedStart(now);
            closed = true;
        }
        tallies.forEach((deployment, tally) -> {
            for (InstanceRecord instance : runtime.instances(deployment)) {
                if (instance.state() == InstanceState.READY || instance.state() == InstanceState.UNREADY) {
                    double[] sum = tally.inFlight.computeIfAbsent(instance.id(), k -> new double[2]);
                    sum[0] += traffic.inFlight(instance.id());
                    sum[1]++;
                }
            }
        });
        return closed;
    }

    /** The deployments measured in the last grain. */
    Set<DeploymentId> deployments() {
        return Set.copyOf(tallies.keySet());
    }

    private void closeGrain(Instant now) {
        Set<DeploymentId> deployments = store.listAllDeployments().stream().map(DeploymentId::of)
                .collect(Collectors.toSet());
        tallies.keySet().retainAll(deployments);
        sink.retainOnly(deployments);
        for (DeploymentId deployment : deployments) {
            Tally tally = tallies.computeIfAbsent(deployment, k -> new Tally());
            sink.add(deployment, new Grain(grainStart, measure(deployment, tally, now)));
            tally.inFlight.clear();
        }
        if (grainStart.getEpochSecond() % 60 == 0) {
            sink.expire(now);
        }
    }

    private Map<MetricName, Map<String, Double>> measure(DeploymentId deployment, Tally tally, Instant now) {
        Map<MetricName, Map<String, Double>> values = new EnumMap<>(MetricName.class);
        String name = deployment.deploymentName();
        DeploymentTraffic current = traffic.deployment(deployment.endpointName(), name);
        long answered = Math.max(0, current.answered() - tally.traffic.answered());
        double seconds = MetricHistory.GRAIN.toSeconds();
        put(values, MetricName.REQUESTS_PER_MINUTE, name, answered * 60.0 / seconds);
        LatencyHistogram.Counts latency = current.latency().minus(tally.traffic.latency());
        put(values, MetricName.REQUEST_LATENCY, name, latency.meanMillis());
        for (int i = 0; i < QUANTILES.length; i++) {
            put(values, QUANTILE_METRICS[i], name, latency.quantileMillis(QUANTILES[i]));
        }
        put(values, MetricName.REQUEST_QUEUE_WAIT, name,
                current.queueWait().minus(tally.traffic.queueWait()).meanMillis());
        tally.traffic = current;
        List<InstanceRecord> instances = runtime.instances(deployment);
        put(values, MetricName.DEPLOYMENT_CAPACITY, name,
                instances.stream().filter(i -> i.state() == InstanceState.READY).count());
        tally.inFlight.forEach((instance, sum) -> put(values, MetricName.CONCURRENT_REQUESTS_PER_INSTANCE, instance,
                sum[0] / sum[1]));
        measureProcesses(instances, tally, now, values);
        return values;
    }

    private void measureProcesses(List<InstanceRecord> instances, Tally tally, Instant now,
                                  Map<MetricName, Map<String, Double>> values) {
        Map<String, CpuReading> seen = new HashMap<>();
        for (InstanceRecord instance : instances) {
            if (instance.pid() < 0 || instance.state() == InstanceState.TERMINATING) {
                continue;
            }
            processes.usage(processTree.apply(instance.pid())).ifPresent(usage -> {
                CpuReading before = tally.cpu.get(instance.id());
                if (before != null && now.isAfter(before.at())) {
                    double cpuSeconds = (usage.cpuTicks() - before.ticks()) / (double) machine.clockTicksPerSecond();
                    double wall = Duration.between(before.at(), now).toNanos() / 1e9;
                    put(values, MetricName.CPU_UTILIZATION, instance.id(),
                            Math.max(0, cpuSeconds / wall / machine.cores() * 100));
                }
                if (machine.memoryBytes() > 0) {
                    put(values, MetricName.MEMORY_UTILIZATION, instance.id(),
                            usage.rssBytes() * 100.0 / machine.memoryBytes());
                }
                seen.put(instance.id(), new CpuReading(now, usage.cpuTicks()));
            });
        }
        tally.cpu.clear();
        tally.cpu.putAll(seen);
    }

    private static void put(Map<MetricName, Map<String, Double>> values, MetricName metric, String series,
                            double value) {
        if (!Double.isNaN(value)) {
            values.computeIfAbsent(metric, k -> new HashMap<>()).put(series, value);
        }
    }

    private static Instant alignedStart(Instant now) {
        long grain = MetricHistory.GRAIN.toSeconds();
        return Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), grain));
    }
}
