package dev.sluice.core.autoscale;

import static dev.sluice.core.autoscale.Rules.NOW;
import static dev.sluice.core.autoscale.Rules.in;
import static dev.sluice.core.autoscale.Rules.out;
import static dev.sluice.core.autoscale.Rules.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.autoscale.RuleObservation.State;
import dev.sluice.core.autoscale.ScaleDecision.Kind;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.testing.FakeMetricHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AutoscaleEvaluatorTest {

    private static final MetricName CPU = MetricName.CPU_UTILIZATION;
    private static final MetricName LATENCY = MetricName.REQUEST_LATENCY;
    private static final MetricName RPM = MetricName.REQUESTS_PER_MINUTE;
    private static final AutoscaleEvaluator EVALUATOR = AutoscaleEvaluator.create(Documents.ZONES);
    private static final AutoscaleSetting EXAMPLE = Documents.read(Documents.azureExample());

    /** Every instance at {@code cpu} and the deployment at {@code latency} for the ten minutes before NOW. */
    private static FakeMetricHistory load(int instances, double cpu, double latency) {
        Map<String, Double> perInstance = new TreeMap<>();
        for (int i = 1; i <= instances; i++) {
            perInstance.put("i-" + i, cpu);
        }
        return FakeMetricHistory.create()
                .steady(CPU, NOW.minus(Duration.ofMinutes(10)), NOW.plus(Duration.ofMinutes(10)), perInstance)
                .steady(LATENCY, NOW.minus(Duration.ofMinutes(10)), NOW.plus(Duration.ofMinutes(10)),
                        Map.of("blue", latency));
    }

    private static ScaleDecision example(int current, double cpu, double latency) {
        return EVALUATOR.evaluate(EXAMPLE, load(current, cpu, latency), current, NOW, null);
    }

    @Test
    void azuresExampleScalesOutByTwoWhenCpuIsHigh() {
        ScaleDecision decision = example(2, 80, 10);

        assertThat(decision.kind()).isEqualTo(Kind.SCALE_OUT);
        assertThat(decision.newCount()).isEqualTo(4);
        assertThat(decision.profile()).isEqualTo("my-scale-settings");
        assertThat(decision.ruleIndex()).isZero();
        assertThat(decision.rule()).isEqualTo(
                "CpuUtilizationPercentage Average(PT1M) Average over PT5M > 70 → Increase ChangeCount 2");
        assertThat(decision.reason()).isEqualTo("profile my-scale-settings (default profile): rule 0 ("
                + decision.rule() + ") observed 80: 2 → 4");
        assertThat(decision.observations()).extracting(RuleObservation::value).containsExactly(80.0, 80.0, 10.0);
        assertThat(decision.observations()).extracting(RuleObservation::state)
                .containsExactly(State.MET, State.NOT_MET, State.NOT_MET);
    }

    @Test
    void anyIncreaseRuleScalesOutAndTheLargestCountWins() {
        assertThat(example(2, 50, 90)).extracting(ScaleDecision::newCount, ScaleDecision::ruleIndex).containsExactly(3, 2);
        // Both hold: CPU's +2 beats latency's +1.
        assertThat(example(2, 80, 90)).extracting(ScaleDecision::newCount, ScaleDecision::ruleIndex).containsExactly(4, 0);
    }

    @Test
    void scaleOutStopsAtTheMaximum() {
        assertThat(example(4, 80, 10).newCount()).isEqualTo(5);
        ScaleDecision atMax = example(5, 80, 10);
        assertThat(atMax.kind()).isEqualTo(Kind.AT_BOUND);
        assertThat(atMax.held()).isTrue();
        assertThat(atMax.newCount()).isEqualTo(5);
        assertThat(atMax.reason()).endsWith("observed 80, but the count is at the maximum 5");
    }

    @Test
    void azuresExampleScalesInByOneWhenCpuIsLowAndStopsAtTheMinimum() {
        ScaleDecision decision = example(4, 20, 10);
        assertThat(decision.kind()).isEqualTo(Kind.SCALE_IN);
        assertThat(decision.newCount()).isEqualTo(3);
        assertThat(decision.ruleIndex()).isEqualTo(1);

        ScaleDecision atMin = example(2, 10, 10);
        assertThat(atMin.kind()).isEqualTo(Kind.AT_BOUND);
        assertThat(atMin.reason()).endsWith("every Decrease rule holds, but the count is at the minimum 2");
    }

    @Test
    void scaleInNeedsEveryDecreaseRule() {
        AutoscaleSetting setting = setting(profile("p", 1, 5, 1, out(CPU, 70, 1), in(CPU, 30, 1), in(RPM, 100, 2)));
        FakeMetricHistory history = load(4, 10, 0)
                .steady(RPM, NOW.minus(Duration.ofMinutes(5)), NOW, Map.of("blue", 500.0));

        ScaleDecision oneOfTwo = EVALUATOR.evaluate(setting, history, 4, NOW, null);
        assertThat(oneOfTwo.kind()).isEqualTo(Kind.NO_CHANGE);
        assertThat(oneOfTwo.held()).as("no rule wanted a change").isFalse();
        assertThat(oneOfTwo.reason()).isEqualTo("profile p (default profile): no Increase rule holds, and not every "
                + "Decrease rule does: rule 2 (RequestsPerMinute Average(PT1M) Average over PT5M < 100 → Decrease "
                + "ChangeCount 2) observed 500");

        FakeMetricHistory quiet = load(4, 10, 0)
                .steady(RPM, NOW.minus(Duration.ofMinutes(5)), NOW, Map.of("blue", 20.0));
        ScaleDecision both = EVALUATOR.evaluate(setting, quiet, 4, NOW, null);
        // Both hold: −1 gives 3, −2 gives 2; the largest count wins.
        assertThat(both).extracting(ScaleDecision::kind, ScaleDecision::newCount, ScaleDecision::ruleIndex)
                .containsExactly(Kind.SCALE_IN, 3, 1);
    }

    @Test
    void cooldownBlocksARuleUntilItHasPassed() {
        Instant lastScale = NOW.minus(Duration.ofMinutes(4));

        ScaleDecision blocked = EVALUATOR.evaluate(EXAMPLE, load(2, 80, 10), 2, NOW, lastScale);
        assertThat(blocked.kind()).isEqualTo(Kind.COOLING_DOWN);
        assertThat(blocked.held()).isTrue();
        assertThat(blocked.observations().get(0).state()).isEqualTo(State.COOLING_DOWN);
        assertThat(blocked.reason()).endsWith("observed 80, but its cooldown PT5M after the scale action at "
                + "2026-01-05T11:56:00Z runs until 2026-01-05T12:01:00Z");

        Instant later = NOW.plus(Duration.ofMinutes(1));
        ScaleDecision allowed = EVALUATOR.evaluate(EXAMPLE, load(2, 80, 10), 2, later, lastScale);
        assertThat(allowed).extracting(ScaleDecision::kind, ScaleDecision::newCount).containsExactly(Kind.SCALE_OUT, 4);
    }

    @Test
    void cooldownBlocksScaleInToo() {
        ScaleDecision blocked = EVALUATOR.evaluate(EXAMPLE, load(4, 10, 10), 4, NOW, NOW.minusSeconds(60));
        assertThat(blocked.kind()).isEqualTo(Kind.COOLING_DOWN);
        assertThat(blocked.ruleIndex()).isEqualTo(1);
        assertThat(EVALUATOR.evaluate(EXAMPLE, load(4, 10, 10), 4, NOW, NOW.minusSeconds(300)).newCount()).isEqualTo(3);
    }

    @Test
    void aCountOutsideTheProfileIsBroughtInsideAtOnce() {
        ScaleDecision above = EVALUATOR.evaluate(EXAMPLE, load(7, 10, 10), 7, NOW, NOW);
        assertThat(above).extracting(ScaleDecision::kind, ScaleDecision::newCount).containsExactly(Kind.CAPACITY_LIMIT, 5);
        assertThat(above.reason()).isEqualTo("profile my-scale-settings (default profile): capacity 2..5: 7 → 5");
        assertThat(EVALUATOR.evaluate(EXAMPLE, FakeMetricHistory.create(), 0, NOW, NOW).newCount()).isEqualTo(2);
    }

    @Test
    void theFlappingGuardScalesInLessOrNotAtAll() {
        Profile profile = profile("p", 1, 10, 1, out(CPU, 70, 1), in(CPU, 50, 2));

        // 4 × 40 on 2 instances would be 80 > 70; on 3 it is 53.3: scale in to 3 only.
        ScaleDecision partly = EVALUATOR.evaluate(profile, load(4, 40, 0), 4, NOW, null);
        assertThat(partly).extracting(ScaleDecision::kind, ScaleDecision::newCount).containsExactly(Kind.SCALE_IN, 3);
        assertThat(partly.reason()).endsWith(": 4 → 3 (not 2, which would flap: rule 0 (CpuUtilizationPercentage "
                + "Average(PT1M) Average over PT5M > 70 → Increase ChangeCount 1) would observe 80 at 2 instances)");

        // 3 × 48 on 2 instances would be 72 > 70: no smaller count is stable.
        ScaleDecision not = EVALUATOR.evaluate(profile, load(3, 48, 0), 3, NOW, null);
        assertThat(not).extracting(ScaleDecision::kind, ScaleDecision::newCount).containsExactly(Kind.WOULD_FLAP, 3);
        assertThat(not.reason()).contains("every Decrease rule holds, but 3 → 1 would flap: rule 0");
    }

    @Test
    void theFlappingGuardProjectsOnlyPerInstanceFigures() {
        // Latency is the deployment's, not per instance: fewer instances are not projected to change it.
        Profile profile = profile("p", 1, 10, 1, out(LATENCY, 70, 1), in(CPU, 30, 1));
        ScaleDecision decision = EVALUATOR.evaluate(profile, load(2, 10, 60), 2, NOW, null);
        assertThat(decision).extracting(ScaleDecision::kind, ScaleDecision::newCount).containsExactly(Kind.SCALE_IN, 1);
    }

    @Test
    void withoutAnyDataTheDefaultCapacityRaisesALowerCount() {
        Profile profile = profile("p", 1, 5, 3, out(CPU, 70, 1), in(CPU, 30, 1));

        ScaleDecision raised = EVALUATOR.evaluate(profile, FakeMetricHistory.create(), 1, NOW, null);
        assertThat(raised).extracting(ScaleDecision::kind, ScaleDecision::newCount)
                .containsExactly(Kind.DEFAULT_CAPACITY, 3);
        assertThat(raised.reason()).isEqualTo("profile p: no metric data for any rule: 1 → 3, the default capacity");
        assertThat(raised.observations()).extracting(RuleObservation::state).containsOnly(State.NO_DATA);

        ScaleDecision kept = EVALUATOR.evaluate(profile, FakeMetricHistory.create(), 4, NOW, null);
        assertThat(kept).extracting(ScaleDecision::kind, ScaleDecision::newCount).containsExactly(Kind.NO_CHANGE, 4);
        assertThat(kept.reason()).isEqualTo(
                "profile p: no metric data for any rule; the default capacity 3 only raises a lower count");
    }

    @Test
    void aRuleWithoutDataIsNotMet() {
        // CPU has data and is low, latency (an Increase rule) has none: CPU alone decides.
        FakeMetricHistory cpuOnly = FakeMetricHistory.create()
                .steady(CPU, NOW.minus(Duration.ofMinutes(5)), NOW, Map.of("i-1", 10.0, "i-2", 10.0, "i-3", 10.0));
        ScaleDecision decision = EVALUATOR.evaluate(EXAMPLE, cpuOnly, 3, NOW, null);
        assertThat(decision.newCount()).isEqualTo(2);
        assertThat(decision.observations().get(2).state()).isEqualTo(State.NO_DATA);
        assertThat(decision.observations().get(2).value()).isNull();
    }

    @Test
    void percentAndExactActionsThroughTheEvaluator() {
        Rule percent = Rules.rule(CPU, ComparisonOperator.GREATER_THAN, 70, ScaleDirection.INCREASE,
                ScaleType.PERCENT_CHANGE_COUNT, 50);
        Rule exact = Rules.rule(CPU, ComparisonOperator.GREATER_THAN_OR_EQUAL, 90, ScaleDirection.INCREASE,
                ScaleType.EXACT_COUNT, 8);
        Profile profile = profile("p", 1, 10, 1, percent, exact);

        assertThat(EVALUATOR.evaluate(profile, load(3, 80, 0), 3, NOW, null).newCount()).isEqualTo(5);
        assertThat(EVALUATOR.evaluate(profile, load(3, 95, 0), 3, NOW, null))
                .extracting(ScaleDecision::newCount, ScaleDecision::ruleIndex).containsExactly(8, 1);
        ScaleDecision exactBelow = EVALUATOR.evaluate(profile("p", 1, 10, 1, exact), load(9, 95, 0), 9, NOW, null);
        assertThat(exactBelow.reason()).endsWith("but its action asks for no more than 9");
    }

    @Test
    void aDisabledSettingOrNoActiveProfileChangesNothing() {
        AutoscaleSetting disabled = new AutoscaleSetting("a", false, EXAMPLE.profiles(), List.of());
        ScaleDecision off = EVALUATOR.evaluate(disabled, load(2, 99, 99), 2, NOW, null);
        assertThat(off).extracting(ScaleDecision::kind, ScaleDecision::newCount, ScaleDecision::profile, ScaleDecision::reason)
                .containsExactly(Kind.NO_CHANGE, 2, null, "the autoscale setting is disabled");

        FixedDate past = new FixedDate("UTC", NOW.minusSeconds(7200).atOffset(ZoneOffset.UTC),
                NOW.minusSeconds(3600).atOffset(ZoneOffset.UTC));
        AutoscaleSetting none = setting(new Profile("launch", new Capacity(4, 4, 4), List.of(), null, past));
        ScaleDecision idle = EVALUATOR.evaluate(none, load(2, 99, 99), 2, NOW, null);
        assertThat(idle.newCount()).isEqualTo(2);
        assertThat(idle.reason()).startsWith("no profile is active at 2026-01-05T12:00:00Z");
    }

    private static AutoscaleSetting setting(Profile... profiles) {
        return new AutoscaleSetting("s", true, List.of(profiles), List.of());
    }
}
