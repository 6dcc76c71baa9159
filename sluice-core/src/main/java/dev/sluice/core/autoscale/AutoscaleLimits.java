package dev.sluice.core.autoscale;

import dev.sluice.core.spec.DeploymentValidator;
import java.time.Duration;

/**
 * Azure Monitor's published limits on autoscale settings, and where Sluice goes beyond them. Sluice measures at a
 * 10-second grain, so it accepts time grains, windows and cooldowns down to 10 s (Azure: 1 min, 5 min, 1 min) to
 * let a local setup react in seconds; the reader warns when a setting uses that, since Azure would refuse it.
 */
public final class AutoscaleLimits {

    public static final int MAX_PROFILES = 20;
    public static final int MAX_RULES_PER_PROFILE = 10;
    /** Azure ML's instance limit per deployment. */
    public static final int MAX_INSTANCES = DeploymentValidator.MAX_INSTANCES;
    /**
     * The largest ChangeCount: Azure only asks for 1 or more, and no change can move a count in 0..50 by more
     * than 50.
     */
    public static final int MAX_CHANGE_COUNT = MAX_INSTANCES;
    /**
     * The largest PercentChangeCount: Azure only asks for 1 or more; 5000% of a single instance already reaches
     * the 50-instance limit, and a decrease of 100% or more empties the deployment, so no larger value acts
     * differently.
     */
    public static final int MAX_PERCENT_CHANGE = 100 * MAX_INSTANCES;

    /** Sluice's base grain, the shortest grain, window and cooldown it accepts. */
    public static final Duration SLUICE_MIN = Duration.ofSeconds(10);
    public static final Duration AZURE_MIN_TIME_GRAIN = Duration.ofMinutes(1);
    public static final Duration MAX_TIME_GRAIN = Duration.ofHours(12);
    public static final Duration AZURE_MIN_TIME_WINDOW = Duration.ofMinutes(5);
    public static final Duration MAX_TIME_WINDOW = Duration.ofHours(12);
    public static final Duration AZURE_MIN_COOLDOWN = Duration.ofMinutes(1);
    public static final Duration MAX_COOLDOWN = Duration.ofDays(7);

    private AutoscaleLimits() {
    }
}
