package dev.sluice.controlplane.autoscale;

import dev.sluice.core.autoscale.AutoscaleEvaluator;
import dev.sluice.core.autoscale.AutoscaleSetting;
import dev.sluice.core.autoscale.Profile;
import dev.sluice.core.autoscale.ScaleDecision;
import dev.sluice.core.metrics.MetricHistory;
import dev.sluice.core.model.Deployment;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A deployment scaled by an Azure Monitor autoscale setting: every ten seconds (one metric grain) the
 * {@link AutoscaleEvaluator} reads the deployment's metric history and decides. Cooldowns count from the last
 * change of the count, whoever made it.
 */
final class AzureSettingScaling implements ScalePolicy {

    private final AutoscaleSetting setting;
    private final Instant settingUpdatedAt;
    private final AutoscaleEvaluator evaluator;
    private final MetricHistory history;
    private Instant lastScaleAt;
    private Instant nextEvaluation;

    AzureSettingScaling(AutoscaleSetting setting, Instant settingUpdatedAt, AutoscaleEvaluator evaluator,
                        MetricHistory history, Instant lastScaleAt) {
        this.setting = setting;
        this.settingUpdatedAt = settingUpdatedAt;
        this.evaluator = evaluator;
        this.history = history;
        this.lastScaleAt = lastScaleAt;
    }

    /** When the stored setting it was read from last changed: a newer one replaces this policy. */
    Instant settingUpdatedAt() {
        return settingUpdatedAt;
    }

    @Override
    public Optional<Proposal> evaluate(Deployment deployment, Instant now) {
        if (nextEvaluation != null && now.isBefore(nextEvaluation)) {
            return Optional.empty();
        }
        nextEvaluation = now.plus(MetricHistory.GRAIN);
        ScaleDecision decision = evaluator.evaluate(setting, history, deployment.spec().instanceCountOrDefault(),
                now, lastScaleAt);
        if (!decision.changes()) {
            return Optional.empty();
        }
        String source = "autoscale setting " + (setting.name() == null ? "(unnamed)" : setting.name())
                + (decision.profile() == null ? "" : ", profile " + decision.profile());
        String values = decision.observations().stream()
                .map(o -> "rule " + o.index() + ": " + (o.value() == null ? "no data" : o.value()) + " (" + o.state()
                        .name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")")
                .collect(Collectors.joining("; "));
        return Optional.of(new Proposal(decision.newCount(), source,
                decision.rule() == null ? decision.reason() : "rule " + decision.ruleIndex() + ": " + decision.rule(),
                values.isEmpty() ? decision.reason() : values));
    }

    @Override
    public boolean scalesToZero() {
        return setting.profiles().stream().map(Profile::capacity).anyMatch(c -> c.minimum() == 0);
    }

    @Override
    public void demanded(Instant now) {
        // The rules see the request once it is answered; nothing to remember here.
    }

    @Override
    public void scaled(Instant now) {
        lastScaleAt = now;
    }
}
