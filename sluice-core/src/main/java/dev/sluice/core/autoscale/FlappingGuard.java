package dev.sluice.core.autoscale;

import java.util.List;
import java.util.Optional;

/**
 * Azure's estimate before scaling in: with fewer instances the same load weighs more on each, so every
 * per-instance figure of the profile's Increase rules ({@link MetricTrigger#perInstance()}) is projected as
 * {@code observed × current / candidate}. If an Increase rule would then hold, the candidate would flap (scale in,
 * then straight out again): the guard tries the counts between the target and the current one, smallest first,
 * and keeps the first that would not flap.
 */
final class FlappingGuard {

    /**
     * @param count the count to scale in to; the current count when every candidate would flap
     * @param flap why the original target would flap, or null when it would not
     */
    record Outcome(int count, String flap) {
    }

    private FlappingGuard() {
    }

    static Outcome check(Profile profile, List<RuleObservation> observations, int current, int target) {
        String firstFlap = null;
        for (int candidate = target; candidate < current; candidate++) {
            Optional<String> flap = flap(profile, observations, current, candidate);
            if (flap.isEmpty()) {
                return new Outcome(candidate, firstFlap);
            }
            if (firstFlap == null) {
                firstFlap = flap.get();
            }
        }
        return new Outcome(current, firstFlap);
    }

    /** Why {@code candidate} instances would make an Increase rule hold, or empty. Zero counts as one, as per instance. */
    private static Optional<String> flap(Profile profile, List<RuleObservation> observations, int current, int candidate) {
        for (RuleObservation observation : observations) {
            Rule rule = profile.rules().get(observation.index());
            MetricTrigger trigger = rule.metricTrigger();
            if (rule.direction() != ScaleDirection.INCREASE || observation.value() == null || !trigger.perInstance()) {
                continue;
            }
            double projected = observation.value() * Math.max(1, current) / Math.max(1, candidate);
            if (trigger.operator().test(projected, trigger.threshold())) {
                return Optional.of("rule " + observation.index() + " (" + observation.rule() + ") would observe "
                        + MetricTrigger.number(Math.round(projected * 1000) / 1000.0) + " at " + candidate
                        + (candidate == 1 ? " instance" : " instances"));
            }
        }
        return Optional.empty();
    }
}
