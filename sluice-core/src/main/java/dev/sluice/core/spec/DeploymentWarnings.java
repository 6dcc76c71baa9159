package dev.sluice.core.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys of a deployment spec that are accepted but do not take effect on local instances, each with the
 * reason, so that none is ignored silently: {@code show} lists them as {@code warnings}, the CLI prints them and
 * {@code --strict} refuses them.
 */
public final class DeploymentWarnings {

    private DeploymentWarnings() {
    }

    public static List<String> of(DeploymentSpec spec) {
        List<String> out = new ArrayList<>();
        EnvironmentSpec environment = spec.environment();
        if (environment != null && environment.image() != null && environment.condaFile() != null) {
            out.add("environment.image: " + environment.image() + " is not used by local instances; the conda_file"
                    + " builds a Python environment for them");
        }
        if (spec.instanceType() != null) {
            out.add("instance_type: " + spec.instanceType() + " is not used by local instances, which are processes"
                    + " on this machine");
        }
        if (spec.type() == DeploymentType.KUBERNETES) {
            out.add("type: kubernetes runs as local processes; Sluice has no Kubernetes backend yet");
        }
        if (spec.modelMountPath() != null) {
            out.add("model_mount_path: " + spec.modelMountPath() + " is not used; scoring code finds the model at"
                    + " AZUREML_MODEL_DIR");
        }
        if (spec.resources() != null && !spec.resources().isNull()) {
            out.add("resources: not enforced on local instances, which are processes on this machine");
        }
        if (Boolean.TRUE.equals(spec.appInsightsEnabled())) {
            out.add("app_insights_enabled: true has no effect; metrics are at {apiUrl}/metrics and logs in get-logs");
        }
        if (spec.dataCollector() != null && !spec.dataCollector().isNull()) {
            out.add("data_collector: not collected; the access lines of get-logs record every request");
        }
        if (egressDisabled(spec) && !isPython(spec)) {
            out.add("egress_public_network_access: disabled is enforced for score.py only; this deployment's"
                    + " scoring code is not stopped from reaching public addresses");
        }
        out.addAll(ignoredScaleKeys(spec.scaleSettings()));
        return List.copyOf(out);
    }

    /** The target_utilization keys, which {@code type: default} (or no type) validates but does not read. */
    private static List<String> ignoredScaleKeys(ScaleSettings scale) {
        if (scale == null || ScaleSettings.TARGET_UTILIZATION.equals(scale.type())) {
            return List.of();
        }
        Map<String, Integer> keys = new LinkedHashMap<>();
        keys.put("min_instances", scale.minInstances());
        keys.put("max_instances", scale.maxInstances());
        keys.put("polling_interval", scale.pollingInterval());
        keys.put("target_utilization_percentage", scale.targetUtilizationPercentage());
        List<String> out = new ArrayList<>();
        keys.forEach((key, value) -> {
            if (value != null) {
                out.add("scale_settings." + key + ": " + value + " has no effect with scale_settings.type: default,"
                        + " where instance_count (or a `sluice autoscale` setting) sets the count, as Azure's default"
                        + " type ignores it too; set scale_settings.type: target_utilization to scale by it");
            }
        });
        return out;
    }

    /** {@code egress_public_network_access: disabled}. */
    public static boolean egressDisabled(DeploymentSpec spec) {
        return "disabled".equalsIgnoreCase(spec.egressPublicNetworkAccess());
    }

    /**
     * The Python runner blocks outbound sockets (score.py, and MLflow models, which it serves); Java code is
     * unguarded; ONNX models make no calls.
     */
    private static boolean isPython(DeploymentSpec spec) {
        CodeConfiguration code = spec.codeConfiguration();
        boolean python = code != null && code.scoringScript() != null
                && code.scoringScript().toLowerCase(Locale.ROOT).endsWith(".py");
        boolean noCode = spec.model() != null && code == null
                && (spec.model().typeOrDefault() == ModelType.TRITON_MODEL
                || spec.model().typeOrDefault() == ModelType.MLFLOW_MODEL);
        return python || noCode;
    }
}
