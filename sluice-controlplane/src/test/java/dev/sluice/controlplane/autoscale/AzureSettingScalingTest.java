package dev.sluice.controlplane.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.autoscale.AutoscaleEvaluator;
import dev.sluice.core.autoscale.AutoscaleSetting;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.ProvisioningState;
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
        assertThat(scaling.evaluate(blue, T0.plusSeconds(30))).as("cooling down").hasValueSatisfying(p -> {
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.held()).isEqualTo("not applied: the rule's cooldown runs");
            assertThat(p.trigger()).startsWith("rule 0: ConcurrentRequestsPerInstance");
            assertThat(p.values()).contains("observed 5, but its cooldown PT1M after the scale action at "
                    + "2026-12-01T10:00:00Z runs until 2026-12-01T10:01:00Z");
        });
        assertThat(scaling.evaluate(blue, T0.plusSeconds(70))).hasValueSatisfying(p ->
                assertThat(p.count()).isEqualTo(3));
        assertThat(scaling.scalesToZero()).isFalse();
    }

    @Test
    void anInstanceWokenForARequestIsNotScaledInBeforeItHasBeenReady() throws Exception {
        AutoscaleSetting setting = AutoscaleSettingReader.create(ZoneResolver.iana()).read(new ObjectMapper().readTree("""
                {"profiles": [{"name": "on-demand", "capacity": {"minimum": "0", "maximum": "2", "default": "0"},
                  "rules": [{"metricTrigger": {"metricName": "RequestsPerMinute", "timeGrain": "PT10S",
                    "statistic": "Average", "timeWindow": "PT30S", "timeAggregation": "Average",
                    "operator": "LessThan", "threshold": 1},
                    "scaleAction": {"direction": "Decrease", "type": "ExactCount", "value": "0", "cooldown": "PT10S"}}]}]}
                """));
        FakeMetricHistory idle = FakeMetricHistory.create().steady(MetricName.REQUESTS_PER_MINUTE,
                T0.minusSeconds(60), T0.plusSeconds(600), Map.of("blue", 0.0));
        AzureSettingScaling scaling = new AzureSettingScaling(setting, T0, AutoscaleEvaluator.create(
                ZoneResolver.iana()), idle, null);
        assertThat(scaling.wakeRefusal(T0)).isEmpty();

        scaling.woken(blue(0, 1, ProvisioningState.SUCCEEDED), T0);
        scaling.scaled(T0);
        // Its cold start outlasts the cooldown: the rule holds, but the instance has not served yet.
        assertThat(scaling.evaluate(blue(1, 2, ProvisioningState.UPDATING), T0.plusSeconds(30)))
                .hasValueSatisfying(p -> {
                    assertThat(p.count()).isEqualTo(1);
                    assertThat(p.held()).isEqualTo("not applied: the instance started at 2026-12-01T10:00:00Z for "
                            + "a waiting request has not been Ready yet");
                });

        assertThat(scaling.evaluate(blue(1, 2, ProvisioningState.SUCCEEDED), T0.plusSeconds(60)))
                .hasValueSatisfying(p -> {
                    assertThat(p.count()).isZero();
                    assertThat(p.held()).isNull();
                });
    }

    private static Deployment blue(int count, long generation, ProvisioningState state) {
        return new Deployment(Samples.deployment("shop", "blue").spec().withInstanceCount(count), state, "",
                generation, T0, T0);
    }
}
