package dev.sluice.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.controlplane.service.FakeRuntime;
import dev.sluice.controlplane.service.MutableClock;
import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.core.metrics.LatencyHistogram;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.testing.Samples;
import dev.sluice.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grains from what the gateway counted and what /proc says, on a clock the test moves second by second. */
class MetricsCollectorTest {

    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    private JdbcStore store;
    private final FakeRuntime runtime = new FakeRuntime();
    private final FakeTraffic traffic = new FakeTraffic();
    private final MutableClock clock = new MutableClock(T0);
    private MetricStore metrics;
    private MetricsCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        store = JdbcStore.sqlite(dir.resolve("sluice.db"));
        store.createEndpoint(Samples.endpoint("shop"));
        store.createDeployment(Samples.deployment("shop", "blue"));
        Path proc = Files.createDirectories(dir.resolve("proc"));
        metrics = MetricStore.create(store.metricArchive());
        // Two cores, 1 GiB, 100 ticks a second; the worker's "process tree" is its pid alone.
        collector = new MetricsCollector(store, runtime, traffic, ProcessStats.of(proc), List::of,
                new MachineFacts(2, 1L << 30, 100), metrics, clock);
        runtime.setInstances(BLUE, List.of(new InstanceRecord("blue-a", "shop", "blue", 1, InstanceState.READY, 77,
                "http://127.0.0.1:1", T0, 0)));
        writeProc(proc, 77, 0, 256 * 1024);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aGrainHoldsRateLatencyConcurrencyCapacityCpuAndMemory() throws Exception {
        seconds(10); // the first grain only sets the baselines
        LatencyHistogram latency = new LatencyHistogram();
        for (int i = 1; i <= 50; i++) {
            latency.record(i, TimeUnit.MILLISECONDS);
        }
        traffic.deployment = new DeploymentTraffic(50, latency.counts(), LatencyHistogram.Counts.EMPTY, 3);
        traffic.inFlight.put("blue-a", 3);
        writeProc(dir.resolve("proc"), 77, 1000, 512 * 1024); // 10 s of CPU in 10 s on 2 cores
        seconds(10);

        Map<MetricName, Map<String, Double>> grain = metrics.latest(BLUE);
        assertThat(grain.get(MetricName.REQUESTS_PER_MINUTE)).containsEntry("blue", 300.0);
        assertThat(grain.get(MetricName.REQUEST_LATENCY).get("blue")).isCloseTo(25.5, within(0.01));
        assertThat(grain.get(MetricName.REQUEST_LATENCY_P50).get("blue")).isCloseTo(25, within(25 * 0.07));
        assertThat(grain.get(MetricName.REQUEST_LATENCY_P99).get("blue")).isCloseTo(50, within(50 * 0.07));
        // Sampled each second from the grain's start, when none was in flight yet, then 3 for nine seconds.
        assertThat(grain.get(MetricName.CONCURRENT_REQUESTS_PER_INSTANCE).get("blue-a")).isCloseTo(2.7, within(0.001));
        assertThat(grain.get(MetricName.DEPLOYMENT_CAPACITY)).containsEntry("blue", 1.0);
        assertThat(grain.get(MetricName.CPU_UTILIZATION).get("blue-a")).isCloseTo(50.0, within(0.5));
        assertThat(grain.get(MetricName.MEMORY_UTILIZATION).get("blue-a")).isCloseTo(50.0, within(0.01));
        assertThat(grain).doesNotContainKey(MetricName.REQUEST_QUEUE_WAIT);
    }

    @Test
    void grainsAreKeptAtTenSecondsAndEachMinuteIsArchived() {
        seconds(75);
        List<MetricPoint> recent = metrics.recentPoints(BLUE, MetricName.DEPLOYMENT_CAPACITY, T0, T0.plusSeconds(3600));
        assertThat(recent).extracting(MetricPoint::time).containsExactly(T0, T0.plusSeconds(10), T0.plusSeconds(20),
                T0.plusSeconds(30), T0.plusSeconds(40), T0.plusSeconds(50), T0.plusSeconds(60));
        List<MetricPoint> archived = metrics.archivedPoints(BLUE, MetricName.DEPLOYMENT_CAPACITY, T0,
                T0.plusSeconds(3600));
        assertThat(archived).singleElement().satisfies(p -> {
            assertThat(p.time()).isEqualTo(T0);
            assertThat(p.values()).containsEntry("blue", 1.0);
        });
    }

    @Test
    void aDeletedDeploymentLeavesTheStore() {
        seconds(20);
        store.deleteDeployment("shop", "blue");
        seconds(10);
        assertThat(metrics.latest(BLUE)).isEmpty();
    }

    private void seconds(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            collector.sample();
        }
    }

    private static void writeProc(Path proc, long pid, long ticks, long rssKib) throws Exception {
        Path process = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(process.resolve("stat"), pid + " (java) S 1 1 1 0 -1 0 0 0 0 0 " + ticks + " 0 0 0 20 0 1 0");
        Files.writeString(process.resolve("status"), "VmRSS:\t" + rssKib + " kB\n");
    }

    /** The gateway's counts as the test sets them. */
    private static final class FakeTraffic implements TrafficReadings {
        volatile DeploymentTraffic deployment = DeploymentTraffic.NONE;
        final Map<String, Integer> inFlight = new HashMap<>();

        @Override
        public DeploymentTraffic deployment(String endpoint, String name) {
            return deployment;
        }

        @Override
        public int inFlight(String instanceId) {
            return inFlight.getOrDefault(instanceId, 0);
        }
    }
}
