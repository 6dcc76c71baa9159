package dev.sluice.controlplane.metrics;

import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link MetricsCollector} once a second on its own thread and refreshes the gauges after each grain. */
public final class MetricsLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsLoop.class);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    private final MetricsCollector collector;
    private final MetricGauges gauges;
    private final MetricStore store;
    private final ColdStartTimer coldStarts;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-metrics");
        t.setDaemon(true);
        return t;
    });

    private MetricsLoop(MetricsCollector collector, MetricGauges gauges, MetricStore store, ColdStartTimer coldStarts) {
        this.collector = collector;
        this.gauges = gauges;
        this.store = store;
        this.coldStarts = coldStarts;
    }

    /** Measures local worker processes (their {@code /proc}) and what the gateway counts. */
    public static MetricsLoop start(Store deployments, DeploymentRuntime runtime, TrafficReadings traffic,
                                    MetricStore store, MeterRegistry registry, Clock clock) {
        ProcessStats processes = ProcessStats.of(Path.of("/proc"));
        MetricsCollector collector = new MetricsCollector(deployments, runtime, traffic, processes,
                MetricsLoop::processTree, MachineFacts.of(processes), store, clock);
        MetricsLoop loop = new MetricsLoop(collector, new MetricGauges(registry), store,
                new ColdStartTimer(registry, runtime));
        loop.thread.scheduleAtFixedRate(loop::sampleLogged, SAMPLE_EVERY.toMillis(), SAMPLE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return loop;
    }

    private void sampleLogged() {
        try {
            if (collector.sample()) {
                gauges.refresh(store, collector.deployments());
                coldStarts.refresh(collector.deployments());
            }
        } catch (RuntimeException e) {
            LOG.warn("measuring deployments failed; the next second tries again", e);
        }
    }

    /** The worker and every process under it (its Python runners). */
    private static List<Long> processTree(long pid) {
        return ProcessHandle.of(pid)
                .map(h -> Stream.concat(Stream.of(h), h.descendants()).map(ProcessHandle::pid).toList())
                .orElse(List.of());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
