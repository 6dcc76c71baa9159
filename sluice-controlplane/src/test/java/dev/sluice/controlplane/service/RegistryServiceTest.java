package dev.sluice.controlplane.service;

import static dev.sluice.controlplane.service.EndpointServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.artifacts.Zips;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.EnvironmentAssetSpec;
import dev.sluice.core.registry.ModelAssetSpec;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EnvironmentSpec;
import dev.sluice.core.spec.ModelSpec;
import dev.sluice.core.spec.ModelType;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryServiceTest {

    @TempDir
    Path folder;
    private ServiceFixture f;

    @BeforeEach
    void setUp() {
        f = new ServiceFixture(folder);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private ModelAssetSpec model(String name, String version, ArtifactRef path, ModelType type) {
        return new ModelAssetSpec(null, name, version, type, path.toString(), null, null, null, null);
    }

    @Test
    void versionsAreAssignedInOrderAndNeverReplaced() {
        assertThat(f.registry.create(model("diabetes", null, f.model, null)).version()).isEqualTo("1");
        assertThat(f.registry.create(model("diabetes", "7", f.model, null)).version()).isEqualTo("7");
        assertThat(f.registry.create(model("diabetes", null, f.model, null)).version()).isEqualTo("8");

        assertError(() -> f.registry.create(model("diabetes", "7", f.code, null)), ErrorCode.CONFLICT,
                "model diabetes version 7 already exists (expected: a new version; registered versions never change)");
        assertThat(((ModelAssetSpec) f.registry.get(AssetKind.MODEL, "diabetes", "7").spec()).path())
                .isEqualTo(f.model.toString());
        assertThat(f.registry.latest(AssetKind.MODEL, "diabetes").version()).isEqualTo("8");
        assertError(() -> f.registry.get(AssetKind.MODEL, "diabetes", "3"), ErrorCode.NOT_FOUND,
                "model: azureml:diabetes:3: model diabetes has no version 3 (expected: one of 1, 7, 8)");
    }

    @Test
    void anMlflowModelWithoutAServableFlavourIsRefusedAndNothingIsStored() {
        ArtifactRef keras = Zips.upload(f.artifacts, folder, Zips.files("model/MLmodel",
                "flavors:\n  keras: {keras_version: 2.13.1}\n", "model/data/model.keras", "weights"));
        ArtifactRef notMlflow = Zips.upload(f.artifacts, folder, Zips.files("model/model.pkl", "weights"));

        assertError(() -> f.registry.create(model("k", "1", keras, ModelType.MLFLOW_MODEL)), ErrorCode.BAD_ARGUMENT,
                "path: MLmodel: flavors: keras (expected: python_function or onnx, which Sluice serves without code;"
                        + " or give code_configuration with a score.py)");
        assertError(() -> f.registry.create(model("k", "1", notMlflow, ModelType.MLFLOW_MODEL)),
                ErrorCode.BAD_ARGUMENT, "path: no MLmodel file (expected: an MLflow model folder (model/MLmodel,"
                        + " model/conda.yaml, …) for type mlflow_model)");
        assertError(() -> f.registry.create(model("k", "1", ArtifactRef.ofHex("ab".repeat(32)), null)),
                ErrorCode.BAD_ARGUMENT, "path: sha256:" + "ab".repeat(32)
                        + " (expected: an uploaded artifact; upload it first)");
        assertThat(f.registry.list(AssetKind.MODEL, null, true)).isEmpty();
    }

    @Test
    void deploymentsResolveReferencesAndKeepRunningWhenTheVersionIsArchived() {
        f.endpoints.create(dev.sluice.core.spec.EndpointSpec.named("my-endpoint"));
        f.registry.create(model("diabetes", "1", f.model, ModelType.CUSTOM_MODEL));
        f.registry.create(new EnvironmentAssetSpec(null, "sklearn-env", "3", null, null, null, null,
                f.conda.toString(), null, null, null));
        DeploymentSpec spec = f.deploymentSpec("blue", "my-endpoint").withModel(
                ModelSpec.ofReference("azureml:diabetes@latest")).withEnvironment(
                EnvironmentSpec.ofReference("azureml:sklearn-env:3"));

        Deployment blue = f.deployments.create("my-endpoint", spec);

        assertThat(blue.spec().model()).isEqualTo(new ModelSpec(f.model.toString(), "diabetes", "1",
                ModelType.CUSTOM_MODEL, null, null, null, "azureml:diabetes:1"));
        assertThat(blue.spec().environment().condaFile()).isEqualTo(f.conda.toString());
        assertThat(blue.spec().environment().reference()).isEqualTo("azureml:sklearn-env:3");

        RegisteredAsset archived = f.registry.setArchived(AssetKind.MODEL, "diabetes", "1", true);
        assertThat(archived.archived()).isTrue();
        assertThat(f.deployments.get("my-endpoint", "blue").spec().model().path()).isEqualTo(f.model.toString());
        assertError(() -> f.deployments.create("my-endpoint", spec.toBuilder().name("green").build()),
                ErrorCode.NOT_FOUND, "model: azureml:diabetes@latest: model diabetes has no version that is not"
                        + " archived (expected: a version, or sluice model restore)");
        assertError(() -> f.deployments.create("my-endpoint", spec.toBuilder().name("green")
                        .model(ModelSpec.ofReference("azureml:nope:1")).build()), ErrorCode.NOT_FOUND,
                "model: azureml:nope:1: model nope is not registered (expected: sluice model create -n nope …, or a"
                        + " registered name)");
        assertError(() -> f.deployments.create("my-endpoint", spec.toBuilder().name("green")
                        .model(ModelSpec.ofReference("azureml:diabetes:1"))
                        .environment(EnvironmentSpec.ofReference("azureml:my-env:1")).build()), ErrorCode.NOT_FOUND,
                "environment: azureml:my-env:1: environment my-env is not registered (expected: sluice environment"
                        + " create -n my-env …, or a registered name)");
        assertThat(f.deployments.list("my-endpoint")).extracting(Deployment::name).containsExactly("blue");
    }
}
