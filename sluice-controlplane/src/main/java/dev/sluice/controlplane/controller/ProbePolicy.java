package dev.sluice.controlplane.controller;

import dev.sluice.core.spec.ProbeSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * One probe of a deployment (readiness or liveness) with Azure's defaults resolved: how often to ask, how long to
 * wait for an answer, and how many answers in a row change the instance's state.
 */
record ProbePolicy(Duration initialDelay, Duration period, Duration timeout, int successThreshold,
                   int failureThreshold) {

    /** A starting instance is asked this often, so that local instances are Ready in about a second. */
    static final Duration STARTUP_POLL = Duration.ofMillis(150);

    /** @param settings a probe of a spec that went through {@code DeploymentSpec.withDefaults()} */
    static ProbePolicy of(ProbeSettings settings) {
        Objects.requireNonNull(settings, "probe settings (expected: resolved by DeploymentSpec.withDefaults())");
        return new ProbePolicy(settings.initialDelayDuration(), settings.periodDuration(), settings.timeoutDuration(),
                settings.successThreshold(), settings.failureThreshold());
    }

    /** Azure fails an instance whose readiness never passes: initial delay plus period times failure threshold. */
    Duration startupAllowance() {
        return initialDelay.plus(period.multipliedBy(failureThreshold));
    }
}
