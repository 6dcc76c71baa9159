package dev.sluice.controlplane.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.autoscale.AutoscaleEvaluator;
import dev.sluice.core.autoscale.AutoscaleSetting;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.testing.FakeMetricHistory;
import dev.sluice.core.testing.Samples;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An Azure autoscale setting as the autoscaler applies it: evaluated once a grain, cooldown from the last scale. */
class AzureSettingScalingTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SETTING = """
            {"profiles": [{"name": "busy-hours", "capacity": {"minimum": "1", "maximum": "4", "default": "1"},
              "rules": [{"metricTrigger": {"metricName": "ConcurrentRequestsPerInstance", "timeGrain": "PT10S",
                "statistic": "Average", "timeWindow": "PT30S", "timeAggregation": "Average",
                "operator": "GreaterThan", "threshold": 3},
                "scaleAction": {"direction": "Increase", "type": "ChangeCount", "value": "2", "cooldown": "PT1M"}}]}]}
            """;

    @Test
    void aRuleThatHoldsProposesItsCountOnceAGrainAndWaitsOutItsCooldown() throws Exception {
        AutoscaleSetting setting = AutoscaleSettingReader.create(ZoneResolver.iana())
                .read(new ObjectMapper().readTree(SETTING));
        FakeMetricHistory history = FakeMetricHistory.create().steady(MetricName.CONCURRENT_REQUESTS_PER_INSTANCE,
                T0.minusSeconds(60), T0.plusSeconds(600), Map.of("blue-a", 5.0));
        AzureSettingScaling scaling = new AzureSettingScaling(setting, T0, AutoscaleEvaluator.create(
                ZoneResolver.iana()), history, null);
        Deployment blue = Samples.deployment("shop", "blue");

        Optional<ScalePolicy.Proposal> first = scaling.evaluate(blue, T0);
        assertThat(first).hasValueSatisfying(p -> {
            assertThat(p.count()).isEqualTo(3);
            assertThat(p.source()).isEqualTo("autoscale setting (unnamed), profile busy-hours");
            assertThat(p.trigger()).startsWith("rule 0: ConcurrentRequestsPerInstance");
            assertThat(p.values()).contains("rule 0: 5.0 (met)");
        });
        assertThat(scaling.evaluate(blue, T0.plusSeconds(5))).as("within the same grain").isEmpty();

        scaling.scaled(T0);
        assertThat(scaling.evaluate(blue, T0.plusSeconds(30))).as("cooling down").isEmpty();
        assertThat(scaling.evaluate(blue, T0.plusSeconds(70))).hasValueSatisfying(p ->
                assertThat(p.count()).isEqualTo(3));
        assertThat(scaling.scalesToZero()).isFalse();
    }
}
