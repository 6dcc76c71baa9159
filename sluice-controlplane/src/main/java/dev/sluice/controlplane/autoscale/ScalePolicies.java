package dev.sluice.controlplane.autoscale;

import dev.sluice.controlplane.metrics.MetricStore;
import dev.sluice.core.autoscale.AutoscaleEvaluator;
import dev.sluice.core.autoscale.TargetUtilizationPolicy;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.spec.ScaleSettings;
import dev.sluice.core.store.AutoscaleStore;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which {@link ScalePolicy} governs a deployment: its {@code scale_settings.type: target_utilization}, else its Azure
 * autoscale setting, else none. A policy is kept while what it was made from stays the same, so that windows and
 * cooldowns carry over from one look to the next. Autoscaler thread only.
 */
final class ScalePolicies {

    private final AutoscaleSettings settings;
    private final AutoscaleStore autoscale;
    private final AutoscaleEvaluator evaluator;
    private final MetricStore metrics;
    private final TrafficReadings traffic;

    ScalePolicies(AutoscaleSettings settings, AutoscaleStore autoscale, AutoscaleEvaluator evaluator,
                  MetricStore metrics, TrafficReadings traffic) {
        this.settings = settings;
        this.autoscale = autoscale;
        this.evaluator = evaluator;
        this.metrics = metrics;
        this.traffic = traffic;
    }

    /** Every stored autoscale setting by deployment. */
    Map<DeploymentId, AutoscaleStore.StoredSetting> storedSettings() {
        return autoscale.listSettings().stream()
                .collect(Collectors.toMap(AutoscaleStore.StoredSetting::deployment, s -> s));
    }

    /**
     * @param stored the deployment's autoscale setting, if it has one
     * @param previous the policy that governed it until now, or null
     */
    Optional<ScalePolicy> policyFor(Deployment deployment, Optional<AutoscaleStore.StoredSetting> stored,
                                    ScalePolicy previous) {
        ScaleSettings scale = deployment.spec().scaleSettings();
        if (scale != null && ScaleSettings.TARGET_UTILIZATION.equals(scale.type())) {
            TargetUtilizationPolicy.Settings wanted = TargetUtilizationPolicy.Settings.of(scale,
                    deployment.spec().requestSettingsOrDefault());
            if (previous instanceof TargetUtilizationScaling same && same.settings().equals(wanted)) {
                return Optional.of(same);
            }
            return Optional.of(new TargetUtilizationScaling(wanted, traffic));
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (previous instanceof AzureSettingScaling same && same.settingUpdatedAt().equals(stored.get().updatedAt())) {
            return Optional.of(same);
        }
        DeploymentId id = DeploymentId.of(deployment);
        return Optional.of(new AzureSettingScaling(settings.parse(stored.get()), stored.get().updatedAt(), evaluator,
                metrics.history(id), lastScaleAt(id)));
    }

    /** When the count last changed, from the history, so a restarted server keeps cooldowns. */
    private java.time.Instant lastScaleAt(DeploymentId id) {
        return autoscale.history(id, AutoscaleStore.HISTORY_PER_DEPLOYMENT).stream()
                .filter(d -> d.outcome().equals("applied"))
                .reduce((first, second) -> second)
                .map(AutoscaleStore.Decision::time)
                .orElse(null);
    }
}
