package dev.sluice.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.registry.EnvironmentAssetSpec;
import dev.sluice.core.registry.ModelAssetSpec;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.BatchingSettings;
import dev.sluice.core.spec.CodeConfiguration;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentType;
import dev.sluice.core.spec.EndpointSluiceSettings;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EnvironmentSpec;
import dev.sluice.core.spec.ModelSpec;
import dev.sluice.core.spec.ModelType;
import dev.sluice.core.spec.ProbeSettings;
import dev.sluice.core.spec.RequestSettings;
import dev.sluice.core.spec.ScaleSettings;
import dev.sluice.core.spec.DeploymentSluiceSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ready-made records for tests: small valid ones, and "rich" ones with every field set to catch lossy storage. */
public final class Samples {

    /** Has sub-microsecond digits on purpose: a store that keeps only millis fails equality checks. */
    public static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456789Z");
    public static final Instant UPDATED = Instant.parse("2026-01-02T03:05:06.987654321Z");
    private static final String MODEL_REF = "sha256:" + "ab".repeat(32);
    private static final String CODE_REF = "sha256:" + "cd".repeat(32);

    private Samples() {
    }

    /** An endpoint in key mode with fixed keys, no traffic. */
    public static Endpoint endpoint(String name) {
        return new Endpoint(EndpointSpec.named(name), new EndpointKeys("pk-" + name + "-0123456789abcdef",
                "sk-" + name + "-fedcba9876543210"), ProvisioningState.SUCCEEDED, CREATED, UPDATED);
    }

    /** An endpoint with every spec field set (traffic in a non-alphabetical order). */
    public static Endpoint richEndpoint(String name) {
        Map<String, Integer> traffic = new LinkedHashMap<>();
        traffic.put("green", 10);
        traffic.put("blue", 90);
        EndpointSpec spec = new EndpointSpec(
                "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json", name,
                "a rich endpoint: ünïcödé and \"quotes\"", Map.of("team", "ml", "cost-center", "42"),
                AuthMode.AML_TOKEN, traffic, Map.of("canary", 20), "disabled",
                json("{\"type\":\"user_assigned\",\"user_assigned_identities\":[{\"resource_id\":\"id-1\"}]}"),
                "azureml:k8s-compute", new EndpointSluiceSettings(null, 50));
        return new Endpoint(spec, new EndpointKeys("primary+/=key", "secondary_key-2"),
                ProvisioningState.UPDATING, CREATED, UPDATED);
    }

    /** A minimal valid custom_model deployment in Creating. */
    public static Deployment deployment(String endpointName, String name) {
        DeploymentSpec spec = DeploymentSpec.builder()
                .name(name).endpointName(endpointName)
                .model(ModelSpec.ofPath(MODEL_REF, ModelType.CUSTOM_MODEL))
                .codeConfiguration(new CodeConfiguration(CODE_REF, "score.py"))
                .instanceCount(1)
                .build();
        return new Deployment(spec, ProvisioningState.CREATING, "", 1, CREATED, UPDATED);
    }

    /** A deployment with every spec field set, Failed with a reason. */
    public static Deployment richDeployment(String endpointName, String name) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WORKER_TIMEOUT", "30");
        env.put("A_SECOND", "x=y; z");
        DeploymentSpec spec = new DeploymentSpec(
                "https://azuremlschemas.azureedge.net/latest/kubernetesOnlineDeployment.schema.json",
                name, endpointName, DeploymentType.KUBERNETES, "rich deployment", Map.of("stage", "prod"),
                new ModelSpec(MODEL_REF, "densenet", "3", ModelType.TRITON_MODEL, "a model",
                        Map.of("k", "v"), Map.of("p", "q"), null),
                "/var/azureml-app/model",
                new CodeConfiguration(CODE_REF, "score.py"),
                new EnvironmentSpec("env", "2", "an env", Map.of("os", "linux"), "mcr.microsoft.com/img:latest",
                        "sha256:" + "ef".repeat(32), json("{\"path\":\"docker\"}"),
                        json("{\"liveness_route\":{\"port\":5001,\"path\":\"/\"}}"), "Linux", null),
                env, "Standard_DS3_v2", 3,
                new ScaleSettings(ScaleSettings.TARGET_UTILIZATION, 1, 5, 10, 70),
                new RequestSettings(90_000, 4, 1000),
                new ProbeSettings(1, 2, 3, 4, 5),
                new ProbeSettings(6, 7, 8, 9, 10),
                json("{\"requests\":{\"cpu\":\"0.5\",\"memory\":\"1Gi\"},\"limits\":{\"nvidia.com/gpu\":1}}"),
                true, "disabled",
                json("{\"sampling_rate\":0.5,\"collections\":{\"request\":{\"enabled\":\"True\"}}}"),
                new DeploymentSluiceSettings(new BatchingSettings(8, 2)));
        return new Deployment(spec, ProvisioningState.FAILED, "init failed: no module named 'sklearn'", 7,
                CREATED, UPDATED);
    }

    /** A Ready instance of {@code endpointName/deploymentName}. */
    public static InstanceRecord instance(String id, String endpointName, String deploymentName) {
        return new InstanceRecord(id, endpointName, deploymentName, 2, InstanceState.READY, 4242,
                "http://127.0.0.1:40123", CREATED, 1);
    }

    /** A registered model version of type custom_model, created at {@link #CREATED}. */
    public static RegisteredAsset model(String name, String version) {
        return new RegisteredAsset(new ModelAssetSpec(null, name, version, ModelType.CUSTOM_MODEL, MODEL_REF,
                "a model", Map.of("team", "ml"), Map.of(), null), false, CREATED);
    }

    /** A registered environment version with a conda file, created at {@link #CREATED}. */
    public static RegisteredAsset environment(String name, String version) {
        return new RegisteredAsset(new EnvironmentAssetSpec(null, name, version, null, null, null, null, CODE_REF,
                null, null, null), false, CREATED);
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
