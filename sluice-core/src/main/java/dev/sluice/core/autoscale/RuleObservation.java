package dev.sluice.core.autoscale;

/**
 * What one rule of the active profile saw in an evaluation.
 *
 * @param index the rule's position in its profile, from 0
 * @param rule the rule as text: {@code CpuUtilizationPercentage Average(PT1M) Average over PT5M > 70 → Increase ChangeCount 2}
 * @param value the observed value, or null when its window had no data
 */
public record RuleObservation(int index, String rule, Double value, State state) {

    public enum State {
        /** The condition holds and the rule's cooldown has passed. */
        MET,
        /** The condition holds but the last scale action is more recent than the rule's cooldown. */
        COOLING_DOWN,
        NOT_MET,
        /** No grain of the window had data: the rule is not met. */
        NO_DATA;

        boolean holds() {
            return this == MET || this == COOLING_DOWN;
        }
    }

    /** {@code rule 0 (… > 70) observed 82.5} or {@code rule 2 (…) had no data}. */
    String summary() {
        return "rule " + index + " (" + rule + ") " + (value == null ? "had no data"
                : "observed " + MetricTrigger.number(Math.round(value * 1000) / 1000.0));
    }
}
