package dev.sluice.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SpecReaderTest {

    private static final String ENDPOINT_YML = """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
            name: my-endpoint
            auth_mode: key
            """;

    private static final String BLUE_DEPLOYMENT_YML = """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
            name: blue
            endpoint_name: my-endpoint
            model:
              path: ../../model-1/model/
            code_configuration:
              code: ../../model-1/onlinescoring/
              scoring_script: score.py
            environment:
              conda_file: ../../model-1/environment/conda.yaml
              image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest
            instance_type: Standard_DS3_v2
            instance_count: 1
            """;

    private static final String TRITON_DEPLOYMENT_YML = """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
            name: blue
            endpoint_name: triton-endpoint
            model:
              name: sample-densenet-onnx-model
              version: 1
              path: ./models
              type: triton_model
            instance_count: 1
            instance_type: Standard_NC6s_v3
            """;

    @Test
    void readsAzureEndpointYaml() {
        EndpointSpec spec = Yaml.endpoint(ENDPOINT_YML);

        assertThat(spec.schema()).isEqualTo("https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json");
        assertThat(spec.name()).isEqualTo("my-endpoint");
        assertThat(spec.authMode()).isEqualTo(AuthMode.KEY);
        assertThat(spec.traffic()).isEmpty();
        assertThat(spec.mirrorTraffic()).isEmpty();
        assertThat(EndpointValidator.validate(spec)).isSameAs(spec);
    }

    @Test
    void endpointWithoutAuthModeDefaultsToKey() {
        EndpointSpec spec = Yaml.endpoint("name: my-endpoint\n");
        assertThat(spec.authMode()).isNull();
        assertThat(spec.authModeOrDefault()).isEqualTo(AuthMode.KEY);
    }

    @Test
    void readsEndpointTrafficMirrorAndTagsInWrittenOrder() {
        EndpointSpec spec = Yaml.endpoint("""
                name: my-endpoint
                auth_mode: aml_token
                description: my endpoint
                tags: {team: ml}
                traffic:
                  green: 10
                  blue: 90
                mirror_traffic:
                  canary: 20
                public_network_access: disabled
                identity:
                  type: system_assigned
                """);

        assertThat(spec.authMode()).isEqualTo(AuthMode.AML_TOKEN);
        assertThat(spec.traffic()).containsExactly(Map.entry("green", 10), Map.entry("blue", 90));
        assertThat(spec.mirrorTraffic()).containsExactly(Map.entry("canary", 20));
        assertThat(spec.tags()).containsExactly(Map.entry("team", "ml"));
        assertThat(spec.publicNetworkAccess()).isEqualTo("disabled");
        assertThat(spec.identity().get("type").asText()).isEqualTo("system_assigned");
    }

    @Test
    void readsAzureBlueDeploymentYaml() {
        DeploymentSpec spec = Yaml.deployment(BLUE_DEPLOYMENT_YML);

        assertThat(spec.schema()).endsWith("managedOnlineDeployment.schema.json");
        assertThat(spec.name()).isEqualTo("blue");
        assertThat(spec.endpointName()).isEqualTo("my-endpoint");
        assertThat(spec.model().path()).isEqualTo("../../model-1/model/");
        assertThat(spec.model().reference()).isNull();
        assertThat(spec.model().typeOrDefault()).isEqualTo(ModelType.CUSTOM_MODEL);
        assertThat(spec.codeConfiguration()).isEqualTo(new CodeConfiguration("../../model-1/onlinescoring/", "score.py"));
        assertThat(spec.environment().condaFile()).isEqualTo("../../model-1/environment/conda.yaml");
        assertThat(spec.environment().image()).isEqualTo("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest");
        assertThat(spec.environment().reference()).isNull();
        assertThat(spec.instanceType()).isEqualTo("Standard_DS3_v2");
        assertThat(spec.instanceCount()).isEqualTo(1);
        assertThat(spec.environmentVariables()).isEmpty();
        assertThat(DeploymentValidator.validate(spec)).isSameAs(spec);
    }

    @Test
    void readsTritonDeploymentWithIntegerVersion() {
        DeploymentSpec spec = Yaml.deployment(TRITON_DEPLOYMENT_YML);

        assertThat(spec.model().type()).isEqualTo(ModelType.TRITON_MODEL);
        assertThat(spec.model().name()).isEqualTo("sample-densenet-onnx-model");
        assertThat(spec.model().version()).isEqualTo("1");
        assertThat(spec.model().path()).isEqualTo("./models");
        assertThat(spec.codeConfiguration()).isNull();
        assertThat(spec.instanceType()).isEqualTo("Standard_NC6s_v3");
        assertThat(DeploymentValidator.validate(spec)).isSameAs(spec);
    }

    @Test
    void readsEnvironmentAndModelReferencesInStringForm() {
        DeploymentSpec spec = Yaml.deployment("""
                name: blue
                endpoint_name: my-endpoint
                model: azureml:my-model:3
                code_configuration:
                  code: ./onlinescoring
                  scoring_script: score.py
                environment: azureml:AzureML-sklearn-1.0:1
                """);

        assertThat(spec.environment().reference()).isEqualTo("azureml:AzureML-sklearn-1.0:1");
        assertThat(spec.environment().image()).isNull();
        assertThat(spec.environment().condaFile()).isNull();
        assertThat(spec.model().reference()).isEqualTo("azureml:my-model:3");
        assertThat(spec.model().path()).isNull();
    }

    @Test
    void readsEverySettingsBlock() {
        DeploymentSpec spec = Yaml.deployment("""
                name: blue
                endpoint_name: my-endpoint
                type: kubernetes
                model: {path: ./model}
                code_configuration: {code: ./code, scoring_script: score.py}
                environment_variables:
                  WORKER_COUNT: 2
                  MODE: fast
                request_settings:
                  request_timeout_ms: 3000
                  max_concurrent_requests_per_instance: 4
                  max_queue_wait_ms: 100
                liveness_probe: {initial_delay: 5, period: 6, timeout: 7, success_threshold: 1, failure_threshold: 3}
                readiness_probe: {period: 2}
                scale_settings:
                  type: target_utilization
                  min_instances: 1
                  max_instances: 4
                  polling_interval: 10
                  target_utilization_percentage: 70
                resources:
                  requests: {cpu: "0.5", memory: 1Gi}
                app_insights_enabled: true
                data_collector:
                  collections:
                    model_inputs: {enabled: 'True'}
                """);

        assertThat(spec.type()).isEqualTo(DeploymentType.KUBERNETES);
        assertThat(spec.environmentVariables()).containsEntry("WORKER_COUNT", "2").containsEntry("MODE", "fast");
        assertThat(spec.requestSettings()).isEqualTo(new RequestSettings(3000, 4, 100));
        assertThat(spec.livenessProbe()).isEqualTo(new ProbeSettings(5, 6, 7, 1, 3));
        assertThat(spec.readinessProbe().withDefaults()).isEqualTo(new ProbeSettings(10, 2, 2, 1, 30));
        assertThat(spec.scaleSettings()).isEqualTo(new ScaleSettings("target_utilization", 1, 4, 10, 70));
        assertThat(spec.resources().at("/requests/memory").asText()).isEqualTo("1Gi");
        assertThat(spec.appInsightsEnabled()).isTrue();
        assertThat(spec.dataCollector().at("/collections/model_inputs/enabled").asText()).isEqualTo("True");
        assertThat(DeploymentValidator.validate(spec)).isSameAs(spec);
    }

    @Test
    void readsSluiceBatchingAndShowsItsDefaults() {
        DeploymentSpec spec = Yaml.deployment("""
                name: blue
                endpoint_name: my-endpoint
                model: {path: ./models, type: triton_model}
                request_settings: {max_concurrent_requests_per_instance: 32}
                sluice:
                  batching:
                    max_batch_size: 32
                """);

        assertThat(spec.sluice()).isEqualTo(new DeploymentSluiceSettings(new BatchingSettings(32, null)));
        assertThat(spec.batchingOrNull()).isEqualTo(new BatchingSettings(32, 0));
        assertThat(SpecReader.create().toTree(spec.withDefaults()).at("/sluice/batching").toString())
                .isEqualTo("{\"max_batch_size\":32,\"max_queue_delay_ms\":0}");
        assertThat(DeploymentValidator.validate(spec)).isSameAs(spec);
        assertThat(Yaml.deployment("name: blue\n").batchingOrNull()).isNull();
    }

    @Test
    void unknownKeysUnderSluiceNameTheDottedPath() {
        expectBadArgument(() -> Yaml.deployment("name: blue\nsluice:\n  batch: {max_batch_size: 4}\n"),
                "sluice.batch: unknown key (expected: batching)");
        expectBadArgument(() -> Yaml.deployment("name: blue\nsluice:\n  batching: {max_batch: 4}\n"),
                "sluice.batching.max_batch: unknown key (expected: max_batch_size | max_queue_delay_ms)");
        expectBadArgument(() -> Yaml.deployment("name: blue\nsluice:\n  batching: {max_batch_size: many}\n"),
                "sluice.batching.max_batch_size: many (expected: an integer)");
    }

    @Test
    void toTreeAndBackIsLossless() {
        SpecReader reader = SpecReader.create();
        DeploymentSpec blue = Yaml.deployment(BLUE_DEPLOYMENT_YML).withDefaults();
        EndpointSpec endpoint = Yaml.endpoint(ENDPOINT_YML).withTraffic(Map.of("blue", 100));

        assertThat(reader.deployment(reader.toTree(blue))).isEqualTo(blue);
        assertThat(reader.endpoint(reader.toTree(endpoint))).isEqualTo(endpoint);
        assertThat(reader.toTree(blue).get("instance_count").asInt()).isEqualTo(1);
        assertThat(reader.toTree(blue).at("/request_settings/request_timeout_ms").asInt()).isEqualTo(5000);
        assertThat(reader.toTree(endpoint).get("$schema").asText()).endsWith("managedOnlineEndpoint.schema.json");
        assertThat(reader.toTree(endpoint).get("auth_mode").asText()).isEqualTo("key");
    }

    @Test
    void unknownTopLevelKeyNamesItAndTheAllowedKeys() {
        expectBadArgument(() -> Yaml.endpoint("name: my-endpoint\nauth: key\n"),
                "auth: unknown key", "auth_mode", "traffic", "mirror_traffic", "name");
        expectBadArgument(() -> Yaml.deployment("name: blue\ninstance_cnt: 2\n"),
                "instance_cnt: unknown key", "instance_count", "instance_type", "model");
    }

    @Test
    void unknownNestedKeyNamesTheDottedPath() {
        expectBadArgument(() -> Yaml.deployment("name: blue\nmodel:\n  path: ./m\n  typ: custom_model\n"),
                "model.typ: unknown key", "path", "type", "version");
        expectBadArgument(() -> Yaml.deployment("name: blue\nrequest_settings:\n  timeout_ms: 5\n"),
                "request_settings.timeout_ms: unknown key", "request_timeout_ms", "max_queue_wait_ms");
        expectBadArgument(() -> Yaml.deployment("name: blue\ncode_configuration:\n  script: score.py\n"),
                "code_configuration.script: unknown key", "scoring_script", "code");
        expectBadArgument(() -> Yaml.deployment("name: blue\nenvironment:\n  docker_image: x\n"),
                "environment.docker_image: unknown key", "image", "conda_file");
        expectBadArgument(() -> Yaml.deployment("name: blue\nliveness_probe:\n  delay: 1\n"),
                "liveness_probe.delay: unknown key", "initial_delay", "period");
    }

    @Test
    void wrongTypesNameTheFieldTheValueAndTheExpectedKind() {
        expectBadArgument(() -> Yaml.deployment("name: blue\ninstance_count: two\n"),
                "instance_count: two (expected: an integer)");
        expectBadArgument(() -> Yaml.deployment("name: blue\ninstance_count: 1.5\n"),
                "instance_count: 1.5 (expected: an integer)");
        expectBadArgument(() -> Yaml.deployment("name: blue\nrequest_settings:\n  request_timeout_ms: soon\n"),
                "request_settings.request_timeout_ms: soon (expected: an integer)");
        expectBadArgument(() -> Yaml.endpoint("name: e-1\ntraffic:\n  blue: lots\n"),
                "traffic.blue: lots (expected: an integer)");
        expectBadArgument(() -> Yaml.deployment("name: blue\napp_insights_enabled: maybe\n"),
                "app_insights_enabled", "maybe", "true or false");
    }

    @Test
    void wrongShapesNameTheFieldTheValueAndTheExpectedShape() {
        expectBadArgument(() -> Yaml.endpoint("name: e-1\ntraffic: [blue, green]\n"),
                "traffic: [\"blue\",\"green\"] (expected: a mapping)");
        expectBadArgument(() -> Yaml.deployment("name: blue\ncode_configuration: ./code\n"),
                "code_configuration: ./code (expected: a mapping)");
        expectBadArgument(() -> Yaml.deployment("name: blue\ninstance_count: true\n"),
                "instance_count: true (expected: an integer)");
        expectBadArgument(() -> Yaml.deployment("name: blue\nenvironment_variables:\n  A: {b: 1}\n"),
                "environment_variables.A: {\"b\":1} (expected: a string)");
    }

    @Test
    void numberTooLargeForItsFieldIsOneReadableLine() {
        assertThatThrownBy(() -> Yaml.deployment("name: blue\ninstance_count: 99999999999\n"))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("instance_count: 99999999999 (expected: an integer)");
                });
    }

    @Test
    void environmentVariableWithoutValueReachesTheValidatorWithItsName() {
        DeploymentSpec spec = Yaml.deployment(BLUE_DEPLOYMENT_YML + "environment_variables:\n  FOO:\n  BAR: x\n");

        assertThat(spec.environmentVariables()).containsKey("FOO").containsEntry("BAR", "x");
        expectBadArgument(() -> DeploymentValidator.validate(spec),
                "environment_variables.FOO: (missing) (expected: a value)");
    }

    @Test
    void badEnumNamesFieldValueAndAllowedValues() {
        expectBadArgument(() -> Yaml.endpoint("name: my-endpoint\nauth_mode: password\n"),
                "auth_mode: password (expected: key | aml_token | aad_token)");
        expectBadArgument(() -> Yaml.deployment("name: blue\nmodel:\n  path: ./m\n  type: onnx\n"),
                "model.type: onnx (expected: custom_model | mlflow_model | triton_model)");
        expectBadArgument(() -> Yaml.deployment("name: blue\ntype: serverless\n"),
                "type: serverless (expected: managed | kubernetes)");
    }

    @Test
    void documentThatIsNotAMappingIsRefused() {
        SpecReader reader = SpecReader.create();
        expectBadArgument(() -> reader.endpoint(null), "the document is empty (expected: a mapping");
        expectBadArgument(() -> reader.endpoint(Yaml.tree("- a\n- b\n")), "the document is a array");
        expectBadArgument(() -> reader.deployment(Yaml.tree("just text")), "expected: a mapping");
    }

    private static void expectBadArgument(ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
            assertThat(e.getMessage()).contains(fragments);
        });
    }
}
