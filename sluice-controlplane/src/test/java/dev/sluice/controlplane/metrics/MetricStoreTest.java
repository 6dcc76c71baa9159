package dev.sluice.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.autoscale.AutoscaleEvaluator;
import dev.sluice.core.autoscale.AutoscaleSetting;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ScaleDecision;
import dev.sluice.core.autoscale.ZoneResolver;

import dev.sluice.core.metrics.MetricHistory;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.MetricArchive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What an autoscale rule reads: the hour in memory at ten seconds, and the archive's minutes before it. */
class MetricStoreTest {

    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final MetricName CPU = MetricName.CPU_UTILIZATION;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final ListArchive archive = new ListArchive();
    private final MetricStore metrics = MetricStore.create(archive);

    /** One grain every ten seconds from T0 until {@code end}: 90% in the first hour, 10% after it. */
    private void grainsUntil(Instant end) {
        for (Instant t = T0; t.isBefore(end); t = t.plus(MetricHistory.GRAIN)) {
            double cpu = t.isBefore(T0.plus(Duration.ofHours(1))) ? 90 : 10;
            metrics.add(BLUE, new Grain(t, Map.of(CPU, Map.of("blue-a", cpu))));
        }
    }

    /** Every ten seconds in {@code [from, to)}. */
    private static List<Instant> everyGrain(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(MetricHistory.GRAIN)) {
            out.add(t);
        }
        return out;
    }

    @Test
    void aWindowLongerThanTheHourInMemoryReadsTheArchivedMinutesBeforeIt() {
        Instant now = T0.plus(Duration.ofHours(2));
        grainsUntil(now);

        List<MetricPoint> points = metrics.history(BLUE).points(CPU, T0, now);

        // The first hour from 60 archived minutes, each standing for its six grains; the second from memory.
        assertThat(points).extracting(MetricPoint::time).containsExactlyElementsOf(everyGrain(T0, now));
        assertThat(points.subList(0, 360)).allSatisfy(p -> assertThat(p.values()).containsEntry("blue-a", 90.0));
        assertThat(points.subList(360, 720)).allSatisfy(p -> assertThat(p.values()).containsEntry("blue-a", 10.0));
    }

    @Test
    void aTwoHourRuleAveragesBothHours() throws Exception {
        Instant now = T0.plus(Duration.ofHours(2));
        grainsUntil(now);
        AutoscaleSetting setting = AutoscaleSettingReader.create(ZoneResolver.iana()).read(new ObjectMapper()
                .readTree("""
                {"profiles": [{"name": "two-hours", "capacity": {"minimum": "1", "maximum": "3", "default": "1"},
                  "rules": [{"metricTrigger": {"metricName": "CpuUtilizationPercentage", "timeGrain": "PT1M",
                      "statistic": "Average", "timeWindow": "PT2H", "timeAggregation": "Average",
                      "operator": "GreaterThan", "threshold": 40},
                    "scaleAction": {"direction": "Increase", "type": "ChangeCount", "value": "1",
                      "cooldown": "PT5M"}}]}]}"""));

        ScaleDecision decision = AutoscaleEvaluator.create(ZoneResolver.iana()).evaluate(setting,
                metrics.history(BLUE), 1, now, null);

        // 90% for the first hour and 10% for the second: 50% over two hours, where the last hour alone says 10%.
        assertThat(decision.observations().get(0).value()).isCloseTo(50.0, within(1e-9));
        assertThat(decision.newCount()).isEqualTo(2);
    }

    @Test
    void whenMemoryStartsInsideAMinuteThatMinuteComesFromTheArchiveOnce() {
        Instant now = T0.plus(Duration.ofHours(2)).plusSeconds(10);
        grainsUntil(now); // memory now starts at 11:00:10, inside the archived minute 11:00

        assertThat(metrics.history(BLUE).points(CPU, T0, now)).extracting(MetricPoint::time)
                .containsExactlyElementsOf(everyGrain(T0, now));
    }

    @Test
    void aWindowStartingInsideAnArchivedMinuteGetsThatMinutesLaterGrains() {
        Instant now = T0.plus(Duration.ofHours(2));
        grainsUntil(now);
        Instant from = T0.plusSeconds(25);

        assertThat(metrics.history(BLUE).points(CPU, from, now)).extracting(MetricPoint::time)
                .containsExactlyElementsOf(everyGrain(T0.plusSeconds(30), now));
    }

    @Test
    void aWindowInsideTheHourInMemoryDoesNotReadTheArchive() {
        Instant now = T0.plus(Duration.ofHours(2));
        grainsUntil(now);
        int reads = archive.reads.get();

        assertThat(metrics.history(BLUE).points(CPU, now.minus(Duration.ofMinutes(5)), now)).hasSize(30);
        assertThat(archive.reads.get()).isEqualTo(reads);
    }

    @Test
    void afterARestartTheArchiveAloneAnswers() {
        grainsUntil(T0.plus(Duration.ofMinutes(10)));
        MetricStore restarted = MetricStore.create(archive);

        // The tenth minute was not finished, so not archived.
        assertThat(restarted.history(BLUE).points(CPU, T0, T0.plus(Duration.ofMinutes(10))))
                .extracting(MetricPoint::time).containsExactlyElementsOf(everyGrain(T0, T0.plus(Duration.ofMinutes(9))));
    }

    @Test
    void aFailingArchiveLeavesTheRuleWithTheHourInMemory() {
        Instant now = T0.plus(Duration.ofHours(2));
        grainsUntil(now);
        archive.broken = true;

        assertThat(metrics.history(BLUE).points(CPU, T0, now)).hasSize(360);
    }

    /** The archive as a sorted map in memory, counting reads. */
    private static final class ListArchive implements MetricArchive {

        private final TreeMap<Instant, Map<MetricName, Map<String, Double>>> minutes = new TreeMap<>();
        private final AtomicInteger reads = new AtomicInteger();
        private volatile boolean broken;

        @Override
        public void append(DeploymentId deployment, Instant minute, Map<MetricName, Map<String, Double>> values) {
            minutes.put(minute, values);
        }

        @Override
        public List<MetricPoint> points(DeploymentId deployment, MetricName metric, Instant from, Instant to) {
            reads.incrementAndGet();
            if (broken) {
                throw new IllegalStateException("the database is gone");
            }
            List<MetricPoint> out = new ArrayList<>();
            minutes.subMap(from, true, to, false).forEach((minute, values) -> {
                if (values.containsKey(metric)) {
                    out.add(new MetricPoint(minute, values.get(metric)));
                }
            });
            return out;
        }

        @Override
        public void deleteBefore(Instant cutoff) {
            minutes.headMap(cutoff).clear();
        }
    }
}
