package dev.sluice.core.autoscale;

import dev.sluice.core.error.SluiceException;
import dev.sluice.core.metrics.MetricName;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads one rule of a profile: {@code metricTrigger} and {@code scaleAction}, Azure's keys and limits. */
final class RuleReader {

    private static final Set<String> RULE_KEYS = Set.of("metricTrigger", "scaleAction");
    private static final Set<String> TRIGGER_KEYS = Set.of("metricName", "metricNamespace", "metricResourceUri",
            "metricResourceLocation", "timeGrain", "statistic", "timeWindow", "timeAggregation", "operator",
            "threshold", "dimensions", "dividePerInstance");
    private static final Set<String> ACTION_KEYS = Set.of("direction", "type", "value", "cooldown");
    private static final Duration GRAIN_STEP = AutoscaleLimits.SLUICE_MIN;

    private RuleReader() {
    }

    static Rule read(Fields rule, ReadContext context) {
        rule.allowOnly(RULE_KEYS);
        return new Rule(trigger(rule.object("metricTrigger"), context), action(rule.object("scaleAction"), context));
    }

    private static MetricTrigger trigger(Fields trigger, ReadContext context) {
        trigger.allowOnly(TRIGGER_KEYS);
        MetricName metric = metric(trigger);
        noDimensions(trigger);
        trigger.optionalText("metricNamespace");
        trigger.optionalText("metricResourceLocation");
        trigger.optionalText("metricResourceUri").ifPresent(uri -> context.target().ifPresent(target ->
                MlResourceUri.metricWarning(trigger.pathOf("metricResourceUri"), uri, target).ifPresent(context::warn)));
        Duration grain = duration(trigger, "timeGrain", context,
                AutoscaleLimits.AZURE_MIN_TIME_GRAIN, AutoscaleLimits.MAX_TIME_GRAIN);
        if (grain.toMillis() % GRAIN_STEP.toMillis() != 0) {
            throw SluiceException.badArgument(trigger.pathOf("timeGrain"), AzureDuration.format(grain),
                    "a multiple of " + AzureDuration.format(GRAIN_STEP) + ", Sluice's base grain");
        }
        Duration window = duration(trigger, "timeWindow", context,
                AutoscaleLimits.AZURE_MIN_TIME_WINDOW, AutoscaleLimits.MAX_TIME_WINDOW);
        if (window.compareTo(grain) < 0) {
            throw SluiceException.badArgument(trigger.pathOf("timeWindow"), AzureDuration.format(window),
                    "at least the timeGrain, " + AzureDuration.format(grain));
        }
        MetricTrigger read = new MetricTrigger(metric, grain, trigger.choice("statistic", Statistic.class), window,
                trigger.choice("timeAggregation", TimeAggregation.class),
                trigger.choice("operator", ComparisonOperator.class), trigger.number("threshold"),
                trigger.flag("dividePerInstance", false));
        if (metric == MetricName.CPU_UTILIZATION) {
            context.warn(cpuWarning(trigger.pathOf("metricName"), read.threshold(), context.cores()));
        }
        return read;
    }

    /**
     * Azure's CpuUtilizationPercentage is a share of one instance's VM; a local instance shares the machine, so its
     * percentage is of all cores, and a threshold written for a VM may be out of reach of one worker.
     */
    private static String cpuWarning(String field, double threshold, int cores) {
        return field + ": " + MetricName.CPU_UTILIZATION.azureName() + " of an instance is its share of all " + cores
                + " cores of this machine (100 = every core busy), so the threshold " + MetricTrigger.number(threshold)
                + " stands for " + MetricTrigger.number(Math.round(threshold * cores) / 100.0)
                + " busy cores; a single-threaded instance reaches at most "
                + MetricTrigger.number(Math.round(10000.0 / cores) / 100.0);
    }

    private static MetricName metric(Fields trigger) {
        String name = trigger.text("metricName");
        return MetricName.fromAzureName(name).orElseThrow(() -> SluiceException.badArgument(
                trigger.pathOf("metricName"), name, "one of " + Arrays.stream(MetricName.values())
                        .map(MetricName::azureName).collect(Collectors.joining(", "))));
    }

    /** The portal writes {@code "dimensions": []}; a condition on a dimension cannot be honoured. */
    private static void noDimensions(Fields trigger) {
        if (trigger.has("dimensions") && !trigger.array("dimensions").isEmpty()) {
            throw SluiceException.badArgument(trigger.pathOf("dimensions"),
                    Fields.shown(trigger.array("dimensions").get(0)),
                    "no dimensions: Sluice's metrics have none to filter on");
        }
    }

    private static ScaleAction action(Fields action, ReadContext context) {
        action.allowOnly(ACTION_KEYS);
        ScaleDirection direction = action.choice("direction", ScaleDirection.class);
        if (direction == ScaleDirection.NONE) {
            context.warn(action.pathOf("direction") + ": None: this rule never changes the instance count");
        }
        ScaleType type = type(action);
        int value = !action.has("value") ? 1 : switch (type) {
            case EXACT_COUNT -> action.count("value", 0, AutoscaleLimits.MAX_INSTANCES);
            case CHANGE_COUNT -> action.count("value", 1, AutoscaleLimits.MAX_CHANGE_COUNT);
            case PERCENT_CHANGE_COUNT -> action.count("value", 1, AutoscaleLimits.MAX_PERCENT_CHANGE);
        };
        Duration cooldown = duration(action, "cooldown", context,
                AutoscaleLimits.AZURE_MIN_COOLDOWN, AutoscaleLimits.MAX_COOLDOWN);
        return new ScaleAction(direction, type, value, cooldown);
    }

    private static ScaleType type(Fields action) {
        String text = action.text("type");
        if (text.equalsIgnoreCase("ServiceAllowedNextValue")) {
            throw SluiceException.badArgument(action.pathOf("type"), text, Fields.spellings(ScaleType.class)
                    + "; Sluice has no list of allowed sizes to take the next one from");
        }
        return action.choice("type", ScaleType.class);
    }

    /** A duration in {@code [PT10S, max]}, with a warning when it is below {@code azureMin}, which Azure refuses. */
    private static Duration duration(Fields fields, String key, ReadContext context, Duration azureMin, Duration max) {
        Duration value = fields.duration(key);
        String field = fields.pathOf(key);
        if (value.compareTo(AutoscaleLimits.SLUICE_MIN) < 0 || value.compareTo(max) > 0) {
            throw SluiceException.badArgument(field, AzureDuration.format(value),
                    AzureDuration.format(AutoscaleLimits.SLUICE_MIN) + ".." + AzureDuration.format(max)
                            + " (Azure: " + AzureDuration.format(azureMin) + ".." + AzureDuration.format(max) + ")");
        }
        if (value.compareTo(azureMin) < 0) {
            context.warn(field + ": " + AzureDuration.format(value) + " is below Azure's minimum "
                    + AzureDuration.format(azureMin) + " (a Sluice extension: Azure would refuse this setting)");
        }
        return value;
    }
}
