package dev.sluice.core.autoscale;

import dev.sluice.core.metrics.MetricName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Short ways to write rules and profiles in tests: one-minute grains over five minutes, five-minute cooldowns. */
final class Rules {

    /** A Monday noon, UTC. */
    static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");
    static final Duration GRAIN = Duration.ofMinutes(1);
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration COOLDOWN = Duration.ofMinutes(5);

    private Rules() {
    }

    static Rule rule(MetricName metric, ComparisonOperator operator, double threshold, ScaleDirection direction,
                     ScaleType type, int value) {
        return new Rule(new MetricTrigger(metric, GRAIN, Statistic.AVERAGE, WINDOW, TimeAggregation.AVERAGE,
                operator, threshold, false), new ScaleAction(direction, type, value, COOLDOWN));
    }

    static Rule out(MetricName metric, double above, int by) {
        return rule(metric, ComparisonOperator.GREATER_THAN, above, ScaleDirection.INCREASE, ScaleType.CHANGE_COUNT, by);
    }

    static Rule in(MetricName metric, double below, int by) {
        return rule(metric, ComparisonOperator.LESS_THAN, below, ScaleDirection.DECREASE, ScaleType.CHANGE_COUNT, by);
    }

    static MetricTrigger trigger(MetricName metric, Statistic statistic, TimeAggregation aggregation) {
        return new MetricTrigger(metric, GRAIN, statistic, WINDOW, aggregation, ComparisonOperator.GREATER_THAN, 0, false);
    }

    static Profile profile(String name, int min, int max, int defaultCount, Rule... rules) {
        return new Profile(name, new Capacity(min, max, defaultCount), List.of(rules), null, null);
    }
}
