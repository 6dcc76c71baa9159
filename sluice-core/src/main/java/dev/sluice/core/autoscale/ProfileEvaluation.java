package dev.sluice.core.autoscale;

import dev.sluice.core.autoscale.RuleObservation.State;
import dev.sluice.core.autoscale.ScaleDecision.Kind;
import dev.sluice.core.metrics.MetricHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One evaluation of one profile, Azure Monitor's way: first into the profile's capacity; with no data at all, up
 * to the default; out when any Increase rule holds; in only when every Decrease rule holds and the smaller count
 * would not flap. Among the rules that fire, the one giving the largest count wins, both ways.
 */
final class ProfileEvaluation {

    private final Profile profile;
    private final String label;
    private final List<RuleObservation> observations;
    private final int current;
    private final Instant now;
    private final Instant lastScaleAt;

    private ProfileEvaluation(Profile profile, String label, List<RuleObservation> observations, int current,
                              Instant now, Instant lastScaleAt) {
        this.profile = profile;
        this.label = label;
        this.observations = observations;
        this.current = current;
        this.now = now;
        this.lastScaleAt = lastScaleAt;
    }

    /** @param label how reasons name the profile: {@code profile weekday (recurrence since …)} */
    static ScaleDecision decide(Profile profile, String label, MetricHistory history, int current, Instant now,
                                Instant lastScaleAt) {
        List<RuleObservation> observations = new ArrayList<>();
        for (int i = 0; i < profile.rules().size(); i++) {
            Rule rule = profile.rules().get(i);
            OptionalDouble value = TriggerWindow.observe(rule.metricTrigger(), history, current, now);
            observations.add(new RuleObservation(i, rule.describe(), value.isEmpty() ? null : value.getAsDouble(),
                    state(rule, value, now, lastScaleAt)));
        }
        return new ProfileEvaluation(profile, label, observations, current, now, lastScaleAt).decide();
    }

    private static State state(Rule rule, OptionalDouble value, Instant now, Instant lastScaleAt) {
        if (value.isEmpty()) {
            return State.NO_DATA;
        }
        if (!rule.metricTrigger().operator().test(value.getAsDouble(), rule.metricTrigger().threshold())) {
            return State.NOT_MET;
        }
        boolean cooling = lastScaleAt != null && lastScaleAt.plus(rule.scaleAction().cooldown()).isAfter(now);
        return cooling ? State.COOLING_DOWN : State.MET;
    }

    private ScaleDecision decide() {
        Capacity capacity = profile.capacity();
        int inside = capacity.clamp(current);
        if (inside != current) {
            return decision(inside, Kind.CAPACITY_LIMIT, null, "capacity " + capacity.minimum() + ".."
                    + capacity.maximum() + ": " + current + " → " + inside);
        }
        if (observations.stream().allMatch(o -> o.state() == State.NO_DATA)) {
            return noData();
        }
        List<RuleObservation> increases = inDirection(ScaleDirection.INCREASE);
        if (increases.stream().anyMatch(o -> o.state().holds())) {
            return scaleOut(increases);
        }
        List<RuleObservation> decreases = inDirection(ScaleDirection.DECREASE);
        if (decreases.isEmpty()) {
            return decision(current, Kind.NO_CHANGE, null, "no Increase rule holds, and there is no Decrease rule");
        }
        return decreases.stream().filter(o -> !o.state().holds()).findFirst()
                .map(o -> decision(current, Kind.NO_CHANGE, null,
                        "no Increase rule holds, and not every Decrease rule does: " + o.summary()))
                .orElseGet(() -> scaleIn(decreases));
    }

    /** Azure's default capacity applies when metrics are unavailable, and only to raise a lower count. */
    private ScaleDecision noData() {
        int defaultCount = profile.capacity().defaultCount();
        String what = profile.rules().isEmpty() ? "no rules" : "no metric data for any rule";
        if (current < defaultCount) {
            return decision(defaultCount, Kind.DEFAULT_CAPACITY, null,
                    what + ": " + current + " → " + defaultCount + ", the default capacity");
        }
        return decision(current, Kind.NO_CHANGE, null,
                what + "; the default capacity " + defaultCount + " only raises a lower count");
    }

    private ScaleDecision scaleOut(List<RuleObservation> increases) {
        List<RuleObservation> met = increases.stream().filter(o -> o.state() == State.MET).toList();
        if (met.isEmpty()) {
            return coolingDown(increases.stream().filter(o -> o.state() == State.COOLING_DOWN).findFirst().orElseThrow());
        }
        RuleObservation best = largest(met);
        int target = profile.capacity().clamp(rule(best).scaleAction().apply(current));
        if (target <= current) {
            return decision(current, Kind.AT_BOUND, best, best.summary() + ", but "
                    + (current == profile.capacity().maximum() ? "the count is at the maximum " + current
                    : "its action asks for no more than " + current));
        }
        return decision(target, Kind.SCALE_OUT, best, best.summary() + ": " + current + " → " + target);
    }

    private ScaleDecision scaleIn(List<RuleObservation> decreases) {
        List<RuleObservation> cooling = decreases.stream().filter(o -> o.state() == State.COOLING_DOWN).toList();
        if (!cooling.isEmpty()) {
            return coolingDown(cooling.get(0));
        }
        RuleObservation best = largest(decreases);
        int target = profile.capacity().clamp(rule(best).scaleAction().apply(current));
        if (target >= current) {
            return decision(current, Kind.AT_BOUND, best, "every Decrease rule holds, but "
                    + (current == profile.capacity().minimum() ? "the count is at the minimum " + current
                    : "its action asks for no fewer than " + current));
        }
        FlappingGuard.Outcome guard = FlappingGuard.check(profile, observations, current, target);
        if (guard.count() == current) {
            return decision(current, Kind.WOULD_FLAP, best, "every Decrease rule holds, but " + current + " → "
                    + target + " would flap: " + guard.flap());
        }
        return decision(guard.count(), Kind.SCALE_IN, best, "every Decrease rule holds; " + best.summary() + ": "
                + current + " → " + guard.count() + (guard.flap() == null ? ""
                : " (not " + target + ", which would flap: " + guard.flap() + ")"));
    }

    private ScaleDecision coolingDown(RuleObservation rule) {
        Duration cooldown = rule(rule).scaleAction().cooldown();
        return decision(current, Kind.COOLING_DOWN, rule, rule.summary() + ", but its cooldown "
                + AzureDuration.format(cooldown) + " after the scale action at " + lastScaleAt + " runs until "
                + lastScaleAt.plus(cooldown));
    }

    /** The rule whose action gives the largest count; the first listed on a tie. */
    private RuleObservation largest(List<RuleObservation> candidates) {
        return candidates.stream()
                .max(Comparator.<RuleObservation>comparingInt(o -> rule(o).scaleAction().apply(current))
                        .thenComparing(Comparator.comparingInt(RuleObservation::index).reversed()))
                .orElseThrow();
    }

    private List<RuleObservation> inDirection(ScaleDirection direction) {
        return observations.stream().filter(o -> rule(o).direction() == direction).toList();
    }

    private Rule rule(RuleObservation observation) {
        return profile.rules().get(observation.index());
    }

    private ScaleDecision decision(int newCount, Kind kind, RuleObservation decidedBy, String reason) {
        return new ScaleDecision(now, current, newCount, kind, profile.name(),
                decidedBy == null ? null : decidedBy.index(), decidedBy == null ? null : decidedBy.rule(),
                observations, label + ": " + reason);
    }
}
