package dev.sluice.core.autoscale;

import dev.sluice.core.autoscale.ScaleDecision.Kind;
import dev.sluice.core.metrics.MetricHistory;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates an autoscale setting into a {@link ScaleDecision}, as Azure Monitor does, from the metric history, the
 * current instance count and the time of the last scale action. Pure: the caller passes {@code now}; nothing here
 * reads a clock, does I/O or keeps state, so one instance serves every deployment and thread.
 *
 * <p>Semantics (see docs/autoscale-rules.md): the active profile is chosen by {@link ProfileSelector}; a count
 * outside its minimum..maximum is brought inside at once; when no rule has data, a count below the profile's
 * default is raised to it; any Increase rule that holds scales out; scaling in needs every Decrease rule to hold
 * and the smaller count not to flap; among the rules that fire, the largest resulting count wins; a rule cannot
 * fire until its cooldown has passed since {@code lastScaleAt}.
 */
public final class AutoscaleEvaluator {

    private final ZoneResolver zones;

    private AutoscaleEvaluator(ZoneResolver zones) {
        this.zones = zones;
    }

    public static AutoscaleEvaluator create(ZoneResolver zones) {
        return new AutoscaleEvaluator(Objects.requireNonNull(zones, "zones"));
    }

    /**
     * @param currentCount the deployment's instance count now (its desired count), 0 or more
     * @param lastScaleAt when the count last changed, or null when it never has (no cooldown applies)
     */
    public ScaleDecision evaluate(AutoscaleSetting setting, MetricHistory history, int currentCount, Instant now,
                                  Instant lastScaleAt) {
        checkCount(currentCount);
        if (!setting.enabled()) {
            return unchanged(currentCount, now, "the autoscale setting is disabled");
        }
        Optional<ActiveProfile> active = ProfileSelector.active(setting, now, zones);
        if (active.isEmpty()) {
            return unchanged(currentCount, now, "no profile is active at " + now
                    + " (no fixed date covers it, no recurrence, no default profile)");
        }
        return ProfileEvaluation.decide(active.get().profile(),
                "profile " + active.get().profile().name() + " (" + active.get().why() + ")",
                history, currentCount, now, lastScaleAt);
    }

    /** The profile of the setting in force at {@code now} (whether or not the setting is enabled), if any. */
    public Optional<ActiveProfile> activeProfile(AutoscaleSetting setting, Instant now) {
        return ProfileSelector.active(setting, now, zones);
    }

    /** The same for a given profile, whatever the schedule says. */
    public ScaleDecision evaluate(Profile profile, MetricHistory history, int currentCount, Instant now,
                                  Instant lastScaleAt) {
        checkCount(currentCount);
        return ProfileEvaluation.decide(profile, "profile " + profile.name(), history, currentCount, now, lastScaleAt);
    }

    private static void checkCount(int currentCount) {
        if (currentCount < 0) {
            throw new IllegalArgumentException("currentCount " + currentCount + " < 0");
        }
    }

    private static ScaleDecision unchanged(int currentCount, Instant now, String reason) {
        return new ScaleDecision(now, currentCount, currentCount, Kind.NO_CHANGE, null, null, null, List.of(), reason);
    }
}
