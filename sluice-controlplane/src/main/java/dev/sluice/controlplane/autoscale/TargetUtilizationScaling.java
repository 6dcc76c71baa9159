package dev.sluice.controlplane.autoscale;

import dev.sluice.core.autoscale.TargetUtilizationPolicy;
import dev.sluice.core.autoscale.TargetUtilizationPolicy.Decision;
import dev.sluice.core.autoscale.TargetUtilizationPolicy.Reading;
import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.model.Deployment;
import java.time.Instant;
import java.util.Optional;

/**
 * A deployment's {@code scale_settings.type: target_utilization}: the requests it has in flight are sampled every
 * autoscaler tick, and every {@code polling_interval} their mean goes to the {@link TargetUtilizationPolicy}.
 */
final class TargetUtilizationScaling implements ScalePolicy {

    static final String SOURCE = "target_utilization";

    private final TargetUtilizationPolicy policy;
    private final TrafficReadings traffic;
    private double inFlightSum;
    private int samples;
    private long answeredBefore = -1;
    private Instant nextPoll;

    TargetUtilizationScaling(TargetUtilizationPolicy.Settings settings, TrafficReadings traffic) {
        this.policy = new TargetUtilizationPolicy(settings);
        this.traffic = traffic;
    }

    TargetUtilizationPolicy.Settings settings() {
        return policy.settings();
    }

    @Override
    public Optional<Proposal> evaluate(Deployment deployment, Instant now) {
        DeploymentTraffic current = traffic.deployment(deployment.endpointName(), deployment.name());
        inFlightSum += current.inFlight();
        samples++;
        if (answeredBefore < 0) {
            answeredBefore = current.answered();
            nextPoll = now.plus(policy.settings().pollingInterval());
            return Optional.empty();
        }
        if (now.isBefore(nextPoll)) {
            return Optional.empty();
        }
        Reading reading = new Reading(now, inFlightSum / samples, current.answered() - answeredBefore);
        answeredBefore = current.answered();
        inFlightSum = 0;
        samples = 0;
        nextPoll = now.plus(policy.settings().pollingInterval());
        Decision decision = policy.next(deployment.spec().instanceCountOrDefault(), reading);
        if (!decision.changes()) {
            return Optional.empty();
        }
        return Optional.of(Proposal.change(decision.to(), SOURCE, decision.reason(), String.format(java.util.Locale.ROOT,
                "in flight (mean) = %.2f, answered = %d", reading.inFlight(), reading.answered())));
    }

    @Override
    public boolean scalesToZero() {
        return policy.settings().minInstances() == 0;
    }

    @Override
    public Optional<String> wakeRefusal(Instant now) {
        return policy.settings().maxInstances() < 1 ? Optional.of("max_instances is 0") : Optional.empty();
    }

    @Override
    public void woken(Deployment before, Instant now) {
        policy.demanded(now);
    }

    @Override
    public void scaled(Instant now) {
        // Its scale-down window already holds what was wanted; there is no cooldown to start.
    }
}
