package dev.sluice.core.autoscale;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one autoscale evaluation: the count to go to (equal to {@code currentCount} when nothing
 * changes) and why, with the rule that decided and what every rule observed, for {@code sluice autoscale history}.
 *
 * @param time the instant evaluated
 * @param profile the active profile's name, or null when none is active (or the setting is disabled)
 * @param ruleIndex the deciding rule's index in its profile, or null when no rule decided
 * @param rule the deciding rule as text, or null
 * @param observations what each rule of the active profile observed, in the profile's order
 * @param reason one sentence for people: {@code profile default: rule 0 (…) observed 82.5: 2 → 4}
 */
public record ScaleDecision(Instant time, int currentCount, int newCount, Kind kind, String profile,
                            Integer ruleIndex, String rule, List<RuleObservation> observations, String reason) {

    public enum Kind {
        /** An Increase rule fired. */
        SCALE_OUT,
        /** Every Decrease rule held and the smaller count would not flap. */
        SCALE_IN,
        /** The count was outside the active profile's minimum..maximum (a profile switch) and was brought inside. */
        CAPACITY_LIMIT,
        /** No rule had data and the count was below the profile's default. */
        DEFAULT_CAPACITY,
        /** A rule held, but its cooldown since the last scale action still runs. */
        COOLING_DOWN,
        /** Every Decrease rule held, but every smaller count would make an Increase rule hold (flapping guard). */
        WOULD_FLAP,
        /** A rule held, but the count is at the profile's bound (or its action asks for no change). */
        AT_BOUND,
        /** Nothing changes, and no rule asked for a change; the reason says why. */
        NO_CHANGE
    }

    public ScaleDecision {
        observations = List.copyOf(observations);
    }

    /** Whether a rule held that did not change the count: the reason says what held it back. */
    public boolean held() {
        return kind == Kind.COOLING_DOWN || kind == Kind.WOULD_FLAP || kind == Kind.AT_BOUND;
    }

    /** Whether the count changes. */
    public boolean changes() {
        return newCount != currentCount;
    }
}
