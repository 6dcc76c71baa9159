package dev.sluice.controlplane.autoscale;

import dev.sluice.core.autoscale.ActiveProfile;
import dev.sluice.core.autoscale.AutoscaleEvaluator;
import dev.sluice.core.autoscale.AutoscaleSetting;
import dev.sluice.core.autoscale.Profile;
import dev.sluice.core.autoscale.ScaleDecision;
import dev.sluice.core.metrics.MetricHistory;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.ProvisioningState;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A deployment scaled by an Azure Monitor autoscale setting: every ten seconds (one metric grain) the
 * {@link AutoscaleEvaluator} reads the deployment's metric history and decides. Cooldowns count from the last
 * change of the count, whoever made it (a wake for a waiting request too). An instance started for a waiting
 * request is not scaled in before it has been Ready: its cold start may be longer than any cooldown.
 */
final class AzureSettingScaling implements ScalePolicy {

    private final AutoscaleSetting setting;
    private final Instant settingUpdatedAt;
    private final AutoscaleEvaluator evaluator;
    private final MetricHistory history;
    private Instant lastScaleAt;
    private Instant nextEvaluation;
    /** Set by a wake: the generation before it and when, until a later generation has been Succeeded. */
    private Long wokenFromGeneration;
    private Instant wokenAt;

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
        int current = deployment.spec().instanceCountOrDefault();
        ScaleDecision decision = evaluator.evaluate(setting, history, current, now, lastScaleAt);
        if (!decision.changes() && !decision.held()) {
            return Optional.empty();
        }
        String source = "autoscale setting " + (setting.name() == null ? "(unnamed)" : setting.name())
                + (decision.profile() == null ? "" : ", profile " + decision.profile());
        String values = decision.observations().stream()
                .map(o -> "rule " + o.index() + ": " + (o.value() == null ? "no data" : o.value()) + " (" + o.state()
                        .name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")")
                .collect(Collectors.joining("; "));
        String trigger = decision.rule() == null ? decision.reason() : "rule " + decision.ruleIndex() + ": "
                + decision.rule();
        if (decision.held()) {
            // The reason's figures change with every evaluation; the outcome names only what held it back.
            return Optional.of(Proposal.held(current, source, trigger, decision.reason(), heldBy(decision.kind())));
        }
        if (decision.newCount() < current && stillWaking(deployment)) {
            return Optional.of(Proposal.held(current, source, trigger, values, "not applied: the instance started "
                    + "at " + wokenAt + " for a waiting request has not been Ready yet"));
        }
        return Optional.of(Proposal.change(decision.newCount(), source, trigger,
                values.isEmpty() ? decision.reason() : values));
    }

    private static String heldBy(ScaleDecision.Kind kind) {
        return switch (kind) {
            case COOLING_DOWN -> "not applied: the rule's cooldown runs";
            case WOULD_FLAP -> "not applied: it would flap";
            default -> "not applied: the count is at the profile's bound";
        };
    }

    /** Whether the rollout that added the woken instance is yet to succeed; forgets the wake once it has. */
    private boolean stillWaking(Deployment deployment) {
        if (wokenFromGeneration == null) {
            return false;
        }
        if (deployment.generation() > wokenFromGeneration && deployment.state() == ProvisioningState.SUCCEEDED) {
            wokenFromGeneration = null;
            wokenAt = null;
            return false;
        }
        return true;
    }

    @Override
    public boolean scalesToZero() {
        return setting.profiles().stream().map(Profile::capacity).anyMatch(c -> c.minimum() == 0);
    }

    @Override
    public Optional<String> wakeRefusal(Instant now) {
        if (!setting.enabled()) {
            return Optional.of("the autoscale setting is disabled");
        }
        Optional<ActiveProfile> active = evaluator.activeProfile(setting, now);
        if (active.isEmpty()) {
            return Optional.of("no profile of the autoscale setting is active");
        }
        Profile profile = active.get().profile();
        if (profile.capacity().maximum() < 1) {
            return Optional.of("profile " + profile.name() + " (" + active.get().why() + ") allows no instance: "
                    + "capacity " + profile.capacity());
        }
        return Optional.empty();
    }

    @Override
    public void woken(Deployment before, Instant now) {
        // The wake itself starts the cooldowns (scaled); this keeps the instance until it has served.
        wokenFromGeneration = before.generation();
        wokenAt = now;
    }

    @Override
    public void scaled(Instant now) {
        lastScaleAt = now;
    }
}
