package dev.sluice.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sluice.core.error.ErrorCode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentValidatorTest {

    private static final DeploymentSpec VALID = DeploymentSpec.builder()
            .name("blue").endpointName("my-endpoint")
            .model(ModelSpec.ofPath("./model", null))
            .codeConfiguration(new CodeConfiguration("./code", "score.py"))
            .instanceCount(1)
            .build();

    private static DeploymentSpec.Builder valid() {
        return VALID.toBuilder();
    }

    private static void rejects(DeploymentSpec spec, String message) {
        Expect.badArgument(() -> DeploymentValidator.validate(spec), message);
    }

    @Test
    void acceptsAValidDeployment() {
        assertThat(DeploymentValidator.validate(VALID)).isSameAs(VALID);
    }

    @Test
    void checksNamesAndTheirLength() {
        rejects(valid().name("-blue").build(), "name: -blue (expected: " + Names.RULE + ")");
        rejects(valid().name("bl").build(), "name: bl (expected: " + Names.RULE + ")");
        rejects(valid().name("b".repeat(33)).build(), "name: " + "b".repeat(33) + " (expected: " + Names.RULE + ")");
        rejects(valid().endpointName("my_endpoint").build(),
                "endpoint_name: my_endpoint (expected: " + Names.RULE + ")");
        rejects(valid().endpointName(null).build(), "endpoint_name: (missing) (expected: " + Names.RULE + ")");
        assertThatCode(() -> DeploymentValidator.validate(valid().name("b".repeat(32)).build())).doesNotThrowAnyException();
    }

    @Test
    void instanceCountIsOneToFiftyOrZeroWhenTheDeploymentScalesToZero() {
        rejects(valid().instanceCount(0).build(), "instance_count: 0 (expected: 1..50)");
        rejects(valid().instanceCount(51).build(), "instance_count: 51 (expected: 1..50)");
        Expect.target(() -> DeploymentValidator.validate(valid().instanceCount(0).build()), "instance_count");
        assertThatCode(() -> DeploymentValidator.validate(valid().instanceCount(0).scaleSettings(
                new ScaleSettings("target_utilization", 0, 3, null, null)).build())).doesNotThrowAnyException();
        rejects(valid().instanceCount(-1).scaleSettings(new ScaleSettings("target_utilization", 0, 3, null, null))
                .build(), "instance_count: -1 (expected: 0..50)");
        assertThatCode(() -> DeploymentValidator.validate(valid().instanceCount(50).build())).doesNotThrowAnyException();
        assertThatCode(() -> DeploymentValidator.validate(valid().instanceCount(null).build())).doesNotThrowAnyException();
    }

    @Test
    void workerCountIsAPositiveInteger() {
        rejects(valid().environmentVariables(java.util.Map.of("WORKER_COUNT", "auto")).build(),
                "environment_variables.WORKER_COUNT: auto (expected: an integer, 1..64)");
        rejects(valid().environmentVariables(java.util.Map.of("WORKER_COUNT", "0")).build(),
                "environment_variables.WORKER_COUNT: 0 (expected: 1..64)");
        assertThatCode(() -> DeploymentValidator.validate(valid().environmentVariables(
                java.util.Map.of("WORKER_COUNT", "4")).build())).doesNotThrowAnyException();
    }

    @Test
    void requestSettingsRanges() {
        rejects(valid().requestSettings(new RequestSettings(0, null, null)).build(),
                "request_settings.request_timeout_ms: 0 (expected: 1..180000)");
        rejects(valid().requestSettings(new RequestSettings(180_001, null, null)).build(),
                "request_settings.request_timeout_ms: 180001 (expected: 1..180000)");
        rejects(valid().type(DeploymentType.KUBERNETES).requestSettings(new RequestSettings(300_001, null, null)).build(),
                "request_settings.request_timeout_ms: 300001 (expected: 1..300000)");
        assertThatCode(() -> DeploymentValidator.validate(valid().type(DeploymentType.KUBERNETES)
                .requestSettings(new RequestSettings(300_000, null, null)).build())).doesNotThrowAnyException();
        rejects(valid().requestSettings(new RequestSettings(null, 0, null)).build(),
                "request_settings.max_concurrent_requests_per_instance: 0 (expected: 1..1000)");
        rejects(valid().requestSettings(new RequestSettings(null, null, -1)).build(),
                "request_settings.max_queue_wait_ms: -1 (expected: 0..180000)");
        assertThatCode(() -> DeploymentValidator.validate(valid().requestSettings(new RequestSettings(180_000, 1000, 0))
                .build())).doesNotThrowAnyException();
    }

    @Test
    void probeRanges() {
        rejects(valid().livenessProbe(new ProbeSettings(-1, null, null, null, null)).build(),
                "liveness_probe.initial_delay: -1 (expected: 0..3600)");
        rejects(valid().readinessProbe(new ProbeSettings(null, 0, null, null, null)).build(),
                "readiness_probe.period: 0 (expected: 1..3600)");
        rejects(valid().readinessProbe(new ProbeSettings(null, null, 0, null, null)).build(),
                "readiness_probe.timeout: 0 (expected: 1..3600)");
        rejects(valid().livenessProbe(new ProbeSettings(null, null, null, 0, null)).build(),
                "liveness_probe.success_threshold: 0 (expected: 1..1000)");
        rejects(valid().livenessProbe(new ProbeSettings(null, null, null, null, 1001)).build(),
                "liveness_probe.failure_threshold: 1001 (expected: 1..1000)");
        assertThatCode(() -> DeploymentValidator.validate(valid().livenessProbe(ProbeSettings.defaults())
                .readinessProbe(new ProbeSettings(0, 1, 1, 1, 1)).build())).doesNotThrowAnyException();
    }

    @Test
    void scaleSettings() {
        rejects(valid().scaleSettings(new ScaleSettings("automatic", null, null, null, null)).build(),
                "scale_settings.type: automatic (expected: default | target_utilization)");
        rejects(valid().scaleSettings(new ScaleSettings("target_utilization", -1, 3, null, null)).build(),
                "scale_settings.min_instances: -1 (expected: 0..50)");
        rejects(valid().scaleSettings(new ScaleSettings("target_utilization", 0, 0, null, null)).build(),
                "scale_settings.max_instances: 0 (expected: 1..50)");
        assertThatCode(() -> DeploymentValidator.validate(valid().scaleSettings(
                new ScaleSettings("target_utilization", 0, 3, null, null)).build())).doesNotThrowAnyException();
        rejects(valid().scaleSettings(new ScaleSettings("target_utilization", 3, 2, null, null)).build(),
                "scale_settings.max_instances: 2 (expected: 3..50)");
        rejects(valid().scaleSettings(new ScaleSettings("target_utilization", null, 51, null, null)).build(),
                "scale_settings.max_instances: 51 (expected: 1..50)");
        rejects(valid().scaleSettings(new ScaleSettings("target_utilization", 1, 2, 0, null)).build(),
                "scale_settings.polling_interval: 0 (expected: 1..3600)");
        rejects(valid().scaleSettings(new ScaleSettings("target_utilization", 1, 2, 1, 101)).build(),
                "scale_settings.target_utilization_percentage: 101 (expected: 1..100)");
        assertThatCode(() -> DeploymentValidator.validate(valid().scaleSettings(
                new ScaleSettings("target_utilization", 2, 2, 1, 70)).build())).doesNotThrowAnyException();
        assertThatCode(() -> DeploymentValidator.validate(valid().scaleSettings(
                new ScaleSettings(null, null, null, null, null)).build())).doesNotThrowAnyException();
    }

    @Test
    void environmentVariableNames() {
        rejects(valid().environmentVariables(Map.of("1ST", "x")).build(),
                "environment_variables.1ST: 1ST (expected: a variable name of letters, digits and '_', not starting with a digit)");
        rejects(valid().environmentVariables(Map.of("MY-VAR", "x")).build(),
                "environment_variables.MY-VAR: MY-VAR (expected: a variable name of letters, digits and '_', not starting with a digit)");
        Map<String, String> noValue = new HashMap<>();
        noValue.put("EMPTY", null);
        rejects(valid().environmentVariables(noValue).build(), "environment_variables.EMPTY: (missing) (expected: a value)");
        assertThatCode(() -> DeploymentValidator.validate(valid().environmentVariables(
                Map.of("_OK", "", "WORKER_COUNT", "2", "a1", "b")).build())).doesNotThrowAnyException();
    }

    @Test
    void aRegisteredModelNeedsNoPathAndItsCodeIsCheckedOnceResolved() {
        assertThatCode(() -> DeploymentValidator.validate(valid().model(ModelSpec.ofReference("azureml:my-model:1"))
                .codeConfiguration(null).build())).doesNotThrowAnyException();
        rejects(valid().model(ModelSpec.ofReference("azureml:my-model")).build(), "model: azureml:my-model (expected:"
                + " a registered model such as azureml:NAME:VERSION, azureml:NAME@latest or"
                + " azureml://registries/R/models/NAME/versions/VERSION)");
        rejects(valid().model(ModelSpec.ofReference("azureml:my-model@prod")).build(),
                "model: my-model@prod (expected: @latest, the one label Sluice knows, or a version such as my-model:1)");
    }

    @Test
    void anMlflowModelNeedsNoCode() {
        assertThatCode(() -> DeploymentValidator.validate(valid().model(ModelSpec.ofPath("./m", ModelType.MLFLOW_MODEL))
                .codeConfiguration(null).build())).doesNotThrowAnyException();
        rejects(valid().model(ModelSpec.ofPath("./m", ModelType.MLFLOW_MODEL))
                        .codeConfiguration(new CodeConfiguration("./code", null)).build(),
                "code_configuration.scoring_script: (missing) (expected: a score.py, or no code_configuration at all"
                        + " for an MLflow model served without code)");
    }

    @Test
    void customContainersAndBuildContextsAreRefusedNotIgnored() {
        Expect.fails(() -> DeploymentValidator.validate(valid().environment(new EnvironmentSpec(null, null, null, null,
                "myregistry.io/scorer:2", null, null, null, null, null)).build()), ErrorCode.NOT_SUPPORTED,
                "environment: image myregistry.io/scorer:2 without conda_file is a custom container, which local"
                        + " instances cannot run (expected: a conda_file to build a Python environment from, or a"
                        + " curated azureml:AzureML-… environment)");
        Expect.target(() -> DeploymentValidator.validate(valid().environment(new EnvironmentSpec(null, null, null,
                null, "img", "conda.yaml", null, Yaml.tree("{liveness_route: {port: 5001}}"), null, null)).build()),
                "environment.inference_config");
        Expect.target(() -> DeploymentValidator.validate(valid().environment(new EnvironmentSpec(null, null, null,
                null, null, null, Yaml.tree("{path: docker-context}"), null, null, null)).build()), "environment.build");
        DeploymentSpec baseImage = valid().environment(new EnvironmentSpec(null, null, null, null,
                "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest", "conda.yaml", null, null, null, null))
                .instanceType("Standard_DS3_v2").build();
        assertThat(DeploymentValidator.validate(baseImage)).isSameAs(baseImage);
        assertThat(DeploymentWarnings.of(baseImage)).containsExactly("environment.image: mcr.microsoft.com/azureml/"
                        + "openmpi4.1.0-ubuntu20.04:latest is not used by local instances; the conda_file builds a"
                        + " Python environment for them",
                "instance_type: Standard_DS3_v2 is not used by local instances, which are processes on this machine");
    }

    @Test
    void inlineModelNeedsAPath() {
        rejects(valid().model(new ModelSpec(null, "m", "1", ModelType.CUSTOM_MODEL, null, null, null, null)).build(),
                "model.path: (missing) (expected: the model file or folder)");
    }

    @Test
    void customModelNeedsCode() {
        rejects(valid().codeConfiguration(null).build(), "code_configuration: (missing) (expected: code and "
                + "scoring_script, which a custom_model needs to be scored)");
        rejects(valid().codeConfiguration(new CodeConfiguration("./code", " ")).build(),
                "code_configuration.scoring_script: (missing) (expected: score.py, Score.java, a .jar or a Java class name)");
        rejects(valid().codeConfiguration(new CodeConfiguration(null, "score.py")).build(),
                "code_configuration.code: (missing) (expected: the folder that holds score.py)");
        rejects(valid().model(null).codeConfiguration(null).build(), "code_configuration: (missing) (expected: code and "
                + "scoring_script, which a custom_model needs to be scored)");
    }

    @Test
    void javaClassNameNeedsNoCodeFolder() {
        assertThatCode(() -> DeploymentValidator.validate(valid().codeConfiguration(
                new CodeConfiguration(null, "com.example.MyScorer")).build())).doesNotThrowAnyException();
    }

    private static DeploymentSpec.Builder batching(Integer maxBatchSize, Integer maxQueueDelayMs) {
        return valid().model(ModelSpec.ofPath("./models", ModelType.TRITON_MODEL)).codeConfiguration(null)
                .requestSettings(new RequestSettings(2000, 64, null))
                .sluice(new DeploymentSluiceSettings(new BatchingSettings(maxBatchSize, maxQueueDelayMs)));
    }

    @Test
    void batchingSizesAndDelaysAreInRange() {
        rejects(batching(0, null).build(), "sluice.batching.max_batch_size: 0 (expected: 1..1024)");
        rejects(batching(1025, null).build(), "sluice.batching.max_batch_size: 1025 (expected: 1..1024)");
        rejects(batching(null, 5).build(), "sluice.batching.max_batch_size: (missing) (expected: 1..1024)");
        rejects(batching(8, -1).build(), "sluice.batching.max_queue_delay_ms: -1 (expected: 0..1000)");
        rejects(batching(8, 1001).build(), "sluice.batching.max_queue_delay_ms: 1001 (expected: 0..1000)");
        Expect.target(() -> DeploymentValidator.validate(batching(0, null).build()), "sluice.batching.max_batch_size");
        assertThatCode(() -> DeploymentValidator.validate(batching(64, 1000).build())).doesNotThrowAnyException();
        assertThatCode(() -> DeploymentValidator.validate(batching(1, null).build())).doesNotThrowAnyException();
        assertThatCode(() -> DeploymentValidator.validate(valid().sluice(new DeploymentSluiceSettings(null)).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void aBatchHoldsNoMoreThanTheRequestsThatRunAtOnce() {
        rejects(batching(65, null).build(), "sluice.batching.max_batch_size: 65 (expected: at most "
                + "request_settings.max_concurrent_requests_per_instance (64): a batch holds only requests that run at once)");
        rejects(batching(2, null).requestSettings(null).build(), "sluice.batching.max_batch_size: 2 (expected: at most "
                + "request_settings.max_concurrent_requests_per_instance (1): a batch holds only requests that run at once)");
    }

    @Test
    void theQueueDelayIsShorterThanTheRequestTimeout() {
        rejects(batching(8, 500).requestSettings(new RequestSettings(500, 8, null)).build(),
                "sluice.batching.max_queue_delay_ms: 500 (expected: less than request_settings.request_timeout_ms (500))");
    }

    @Test
    void onlyOnnxModelsAreBatched() {
        rejects(valid().sluice(new DeploymentSluiceSettings(new BatchingSettings(4, null))).build(),
                "sluice.batching: set for a custom_model (expected: only on a triton_model deployment, whose ONNX models "
                        + "Sluice runs itself)");
    }

    @Test
    void tritonModelNeedsNoCode() {
        assertThatCode(() -> DeploymentValidator.validate(valid().model(ModelSpec.ofPath("./models", ModelType.TRITON_MODEL))
                .codeConfiguration(null).build())).doesNotThrowAnyException();
    }
}
