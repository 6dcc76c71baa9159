package dev.sluice.core.autoscale;

import java.util.Objects;

/** One autoscale rule: a metric trigger and the scale action it fires. */
public record Rule(MetricTrigger metricTrigger, ScaleAction scaleAction) {

    public Rule {
        Objects.requireNonNull(metricTrigger, "metricTrigger");
        Objects.requireNonNull(scaleAction, "scaleAction");
    }

    public ScaleDirection direction() {
        return scaleAction.direction();
    }

    /** {@code CpuUtilizationPercentage Average(PT1M) Average over PT5M > 70 → Increase ChangeCount 2}. */
    public String describe() {
        return metricTrigger.describe() + " → " + scaleAction.describe();
    }
}
