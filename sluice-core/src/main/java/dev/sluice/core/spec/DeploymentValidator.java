package dev.sluice.core.spec;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetReference;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules a deployment spec must satisfy on its own (local paths are the CLI's business, artifacts the server's). */
public final class DeploymentValidator {

    public static final int MAX_INSTANCES = 50;
    /** Azure's limits: 180 s on managed compute, 300 s on Kubernetes. */
    public static final int MAX_REQUEST_TIMEOUT_MS = 180_000;
    public static final int MAX_KUBERNETES_REQUEST_TIMEOUT_MS = 300_000;
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private DeploymentValidator() {
    }

    public static DeploymentSpec validate(DeploymentSpec spec) {
        Names.require("name", spec.name());
        Names.require("endpoint_name", spec.endpointName());
        if (spec.instanceCount() != null) {
            range("instance_count", spec.instanceCount(), scalesToZero(spec.scaleSettings()) ? 0 : 1, MAX_INSTANCES);
        }
        checkModelAndCode(spec);
        checkEnvironment(spec.environment());
        checkRequestSettings(spec.requestSettings(), spec.type() == DeploymentType.KUBERNETES
                ? MAX_KUBERNETES_REQUEST_TIMEOUT_MS : MAX_REQUEST_TIMEOUT_MS);
        checkProbe("liveness_probe", spec.livenessProbe());
        checkProbe("readiness_probe", spec.readinessProbe());
        checkScale(spec.scaleSettings());
        if (spec.egressPublicNetworkAccess() != null && !spec.egressPublicNetworkAccess().equalsIgnoreCase("enabled")
                && !spec.egressPublicNetworkAccess().equalsIgnoreCase("disabled")) {
            throw SluiceException.badArgument("egress_public_network_access", spec.egressPublicNetworkAccess(),
                    "enabled | disabled");
        }
        checkBatching(spec);
        for (Map.Entry<String, String> e : spec.environmentVariables().entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw SluiceException.badArgument("environment_variables." + e.getKey(), e.getKey(),
                        "a variable name of letters, digits and '_', not starting with a digit");
            }
            if (e.getValue() == null) {
                throw SluiceException.badArgument("environment_variables." + e.getKey(), "(missing)", "a value");
            }
        }
        checkWorkerCount(spec.environmentVariables().get("WORKER_COUNT"));
        return spec;
    }

    private static void checkModelAndCode(DeploymentSpec spec) {
        ModelSpec model = spec.model();
        CodeConfiguration code = spec.codeConfiguration();
        if (model != null && model.reference() != null) {
            AssetReference.parse(AssetKind.MODEL, "model", model.reference());
            if (blank(model.path())) {
                // Its type (and so whether it needs code) is known once the server resolves the reference.
                checkScriptFolder(code);
                return;
            }
        }
        if (model != null && blank(model.path())) {
            throw SluiceException.badArgument("model.path", "(missing)", "the model file or folder");
        }
        ModelType type = model == null ? ModelType.CUSTOM_MODEL : model.typeOrDefault();
        if (type == ModelType.TRITON_MODEL && model == null) {
            throw SluiceException.badArgument("model", "(missing)", "a triton_model folder");
        }
        if (type == ModelType.MLFLOW_MODEL && code != null && blank(code.scoringScript())) {
            throw SluiceException.badArgument("code_configuration.scoring_script", "(missing)",
                    "a score.py, or no code_configuration at all for an MLflow model served without code");
        }
        if (type == ModelType.CUSTOM_MODEL) {
            if (code == null) {
                throw SluiceException.badArgument("code_configuration", "(missing)",
                        "code and scoring_script, which a custom_model needs to be scored");
            }
            if (blank(code.scoringScript())) {
                throw SluiceException.badArgument("code_configuration.scoring_script", "(missing)",
                        "score.py, Score.java, a .jar or a Java class name");
            }
        }
        checkScriptFolder(code);
    }

    private static void checkScriptFolder(CodeConfiguration code) {
        if (code != null && code.scoringScript() != null && blank(code.code())
                && (code.scoringScript().contains("/") || code.scoringScript().matches(".*\\.(py|java|jar)$"))) {
            throw SluiceException.badArgument("code_configuration.code", "(missing)",
                    "the folder that holds " + code.scoringScript());
        }
    }

    /**
     * An environment runs locally when it is a conda file (over any base image), a registered or curated
     * environment, or nothing. A custom container (an image without a conda file, an inference_config) or a Docker
     * build context needs a container runtime: refused until the Kubernetes backend exists, never ignored.
     */
    private static void checkEnvironment(EnvironmentSpec environment) {
        if (environment == null) {
            return;
        }
        if (environment.reference() != null) {
            AssetReference.parse(AssetKind.ENVIRONMENT, "environment", environment.reference());
        }
        String where = environment.reference() == null ? "environment" : "environment " + environment.reference();
        if (present(environment.build())) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, where + ": build (a Docker build context) needs a"
                    + " container runtime, which local instances do not have (expected: conda_file, or a registered"
                    + " environment with one)", "environment.build");
        }
        if (present(environment.inferenceConfig())) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, where + ": inference_config (a custom container) needs"
                    + " a container runtime, which local instances do not have (expected: a score.py or a no-code"
                    + " model with conda_file)", "environment.inference_config");
        }
        if (!blank(environment.image()) && blank(environment.condaFile())) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, where + ": image " + environment.image()
                    + " without conda_file is a custom container, which local instances cannot run (expected: a"
                    + " conda_file to build a Python environment from, or a curated azureml:AzureML-… environment)",
                    "environment.image");
        }
    }

    private static boolean present(com.fasterxml.jackson.databind.JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** Azure's WORKER_COUNT: Python processes per instance. */
    private static void checkWorkerCount(String value) {
        if (value == null) {
            return;
        }
        int count;
        try {
            count = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw SluiceException.badArgument("environment_variables.WORKER_COUNT", value, "an integer, 1..64");
        }
        range("environment_variables.WORKER_COUNT", count, 1, 64);
    }

    private static void checkRequestSettings(RequestSettings s, int maxTimeoutMs) {
        if (s == null) {
            return;
        }
        if (s.requestTimeoutMs() != null) {
            range("request_settings.request_timeout_ms", s.requestTimeoutMs(), 1, maxTimeoutMs);
        }
        if (s.maxConcurrentRequestsPerInstance() != null) {
            range("request_settings.max_concurrent_requests_per_instance", s.maxConcurrentRequestsPerInstance(), 1, 1000);
        }
        if (s.maxQueueWaitMs() != null) {
            range("request_settings.max_queue_wait_ms", s.maxQueueWaitMs(), 0, maxTimeoutMs);
        }
    }

    /**
     * {@code sluice.batching}: ONNX models only (Sluice runs no one else's model code, so it cannot stack their
     * inputs), and no larger than the requests that may run at once, which are the only ones a batch can hold.
     * Whether each model has a dynamic first dimension is checked by the worker when it loads the models.
     */
    private static void checkBatching(DeploymentSpec spec) {
        BatchingSettings b = spec.sluice() == null ? null : spec.sluice().batching();
        if (b == null) {
            return;
        }
        String field = DeploymentSluiceSettings.KEY + ".batching";
        ModelType type = spec.model() == null ? ModelType.CUSTOM_MODEL : spec.model().typeOrDefault();
        if (type != ModelType.TRITON_MODEL) {
            throw SluiceException.badArgument(field, "set for a " + type.wire(),
                    "only on a triton_model deployment, whose ONNX models Sluice runs itself");
        }
        if (b.maxBatchSize() == null) {
            throw SluiceException.badArgument(field + ".max_batch_size", "(missing)", "1.." + BatchingSettings.MAX_BATCH_SIZE);
        }
        range(field + ".max_batch_size", b.maxBatchSize(), 1, BatchingSettings.MAX_BATCH_SIZE);
        if (b.maxQueueDelayMs() != null) {
            range(field + ".max_queue_delay_ms", b.maxQueueDelayMs(), 0, BatchingSettings.MAX_QUEUE_DELAY_MS);
        }
        RequestSettings request = spec.requestSettingsOrDefault().withDefaults();
        if (b.maxQueueDelayMs() != null && b.maxQueueDelayMs() >= request.requestTimeoutMs()) {
            throw SluiceException.badArgument(field + ".max_queue_delay_ms", b.maxQueueDelayMs(), "less than "
                    + "request_settings.request_timeout_ms (" + request.requestTimeoutMs() + ")");
        }
        int concurrent = request.maxConcurrentRequestsPerInstance();
        if (b.maxBatchSize() > concurrent) {
            throw SluiceException.badArgument(field + ".max_batch_size", b.maxBatchSize(), "at most "
                    + "request_settings.max_concurrent_requests_per_instance (" + concurrent + "): a batch holds "
                    + "only requests that run at once");
        }
    }

    private static void checkProbe(String field, ProbeSettings p) {
        if (p == null) {
            return;
        }
        if (p.initialDelay() != null) {
            range(field + ".initial_delay", p.initialDelay(), 0, 3600);
        }
        if (p.period() != null) {
            range(field + ".period", p.period(), 1, 3600);
        }
        if (p.timeout() != null) {
            range(field + ".timeout", p.timeout(), 1, 3600);
        }
        if (p.successThreshold() != null) {
            range(field + ".success_threshold", p.successThreshold(), 1, 1000);
        }
        if (p.failureThreshold() != null) {
            range(field + ".failure_threshold", p.failureThreshold(), 1, 1000);
        }
    }

    private static void checkScale(ScaleSettings s) {
        if (s == null) {
            return;
        }
        String type = s.type() == null ? ScaleSettings.DEFAULT : s.type();
        if (!type.equals(ScaleSettings.DEFAULT) && !type.equals(ScaleSettings.TARGET_UTILIZATION)) {
            throw SluiceException.badArgument("scale_settings.type", type, "default | target_utilization");
        }
        if (s.minInstances() != null) {
            // min_instances 0 lets an idle deployment scale to zero (a Sluice extension; Azure's minimum is 1).
            range("scale_settings.min_instances", s.minInstances(), 0, MAX_INSTANCES);
        }
        if (s.maxInstances() != null) {
            range("scale_settings.max_instances", s.maxInstances(), Math.max(1, s.minInstances() == null ? 1
                    : s.minInstances()), MAX_INSTANCES);
        }
        if (s.pollingInterval() != null) {
            range("scale_settings.polling_interval", s.pollingInterval(), 1, 3600);
        }
        if (s.targetUtilizationPercentage() != null) {
            range("scale_settings.target_utilization_percentage", s.targetUtilizationPercentage(), 1, 100);
        }
    }

    /**
     * A deployment that scales itself with {@code target_utilization} down to {@code min_instances: 0} (a Sluice
     * extension) may say {@code instance_count: 0}; any other must ask for at least one instance, as Azure does.
     */
    private static boolean scalesToZero(ScaleSettings s) {
        return s != null && ScaleSettings.TARGET_UTILIZATION.equals(s.type()) && s.minInstances() != null
                && s.minInstances() == 0;
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw SluiceException.badArgument(field, value, min + ".." + max);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
