package dev.sluice.controlplane.service;

import static dev.sluice.controlplane.service.EndpointServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.spec.CodeConfiguration;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentType;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EnvironmentSpec;
import dev.sluice.core.spec.ModelSpec;
import dev.sluice.core.spec.ModelType;
import dev.sluice.core.spec.ProbeSettings;
import dev.sluice.core.spec.RequestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentServiceTest {

    private static final String MISSING = "sha256:" + "ab".repeat(32);

    @TempDir
    Path folder;
    ServiceFixture f;

    @BeforeEach
    void setUp() {
        f = new ServiceFixture(folder);
        f.endpoints.create(EndpointSpec.named("my-endpoint"));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void createStoresDefaultsInStateCreatingAndWakesTheController() {
        Deployment created = f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));

        assertThat(created.spec().endpointName()).isEqualTo("my-endpoint");
        assertThat(created.spec().type()).isEqualTo(DeploymentType.MANAGED);
        assertThat(created.spec().instanceCount()).isEqualTo(1);
        assertThat(created.spec().requestSettings()).isEqualTo(RequestSettings.defaults());
        assertThat(created.spec().readinessProbe()).isEqualTo(ProbeSettings.defaults());
        assertThat(created.state()).isEqualTo(ProvisioningState.CREATING);
        assertThat(created.reason()).isEmpty();
        assertThat(created.generation()).isEqualTo(1);
        assertThat(created.createdAt()).isEqualTo(ServiceFixture.START);
        assertThat(f.deployments.get("my-endpoint", "blue")).isEqualTo(created);
        assertThat(f.runtime.wakes).hasValue(1);
    }

    @Test
    void createChecksTheEndpointAndItsName() {
        assertError(() -> f.deployments.create("my-endpoint", f.deploymentSpec("blue", "other-endpoint")),
                ErrorCode.BAD_ARGUMENT,
                "endpoint_name: other-endpoint (expected: my-endpoint, the endpoint named in the request path)");
        assertError(() -> f.deployments.create("nope", f.deploymentSpec("blue", null)), ErrorCode.NOT_FOUND,
                "endpoint nope does not exist");
        f.deployments.create("my-endpoint", f.deploymentSpec("blue", "my-endpoint"));
        assertError(() -> f.deployments.create("my-endpoint", f.deploymentSpec("blue", null)), ErrorCode.CONFLICT,
                "deployment blue already exists in endpoint my-endpoint (expected: a new name; use update to change it)");
        assertThat(f.runtime.wakes).hasValue(1);
    }

    @Test
    void aDeploymentScaledToZeroByAutoscalingCanBeUpdatedWithItsCountKept() {
        f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));
        Deployment stored = f.store.findDeployment("my-endpoint", "blue").orElseThrow();
        f.store.replaceDeploymentSpec(DeploymentId.of(stored), stored.generation(),
                stored.spec().withInstanceCount(0), ServiceFixture.START);

        Deployment updated = f.deployments.replace("my-endpoint", "blue", f.deploymentSpec("blue", null).toBuilder()
                .instanceCount(0).description("still scaled to zero").build());

        assertThat(updated.spec().instanceCount()).isZero();
        assertThat(updated.spec().description()).isEqualTo("still scaled to zero");
        assertError(() -> f.deployments.create("my-endpoint", f.deploymentSpec("green", null).toBuilder()
                .instanceCount(0).build()), ErrorCode.BAD_ARGUMENT, "instance_count: 0 (expected: 1..50)");
    }

    @Test
    void createRunsTheValidator() {
        assertError(() -> f.deployments.create("my-endpoint",
                        f.deploymentSpec("blue", null).toBuilder().instanceCount(0).build()),
                ErrorCode.BAD_ARGUMENT, "instance_count: 0 (expected: 1..50)");
        assertError(() -> f.deployments.create("my-endpoint", f.deploymentSpec("b", null)), ErrorCode.BAD_ARGUMENT,
                "name: b (expected: 3-32 characters: a letter, then letters, digits or '-', not ending in '-')");
        assertThat(f.store.listDeployments("my-endpoint")).isEmpty();
    }

    @Test
    void uploadedPathsMustBeArtifactsTheServerHas() {
        DeploymentSpec spec = f.deploymentSpec("blue", null);
        assertError(() -> f.deployments.create("my-endpoint", spec.withModel(ModelSpec.ofPath("./model",
                ModelType.CUSTOM_MODEL))), ErrorCode.BAD_ARGUMENT, "model.path: ./model (expected: an uploaded "
                + "artifact (sha256:<hex>); the CLI uploads local folders and files for you)");
        assertError(() -> f.deployments.create("my-endpoint", spec.withModel(ModelSpec.ofPath(MISSING,
                ModelType.CUSTOM_MODEL))), ErrorCode.BAD_ARGUMENT,
                "model.path: " + MISSING + " (expected: an uploaded artifact; upload it first)");
        assertError(() -> f.deployments.create("my-endpoint", spec.withCodeConfiguration(
                        new CodeConfiguration(MISSING, "score.py"))), ErrorCode.BAD_ARGUMENT,
                "code_configuration.code: " + MISSING + " (expected: an uploaded artifact; upload it first)");
        assertError(() -> f.deployments.create("my-endpoint", spec.withEnvironment(spec.environment()
                        .withCondaFile(MISSING))), ErrorCode.BAD_ARGUMENT,
                "environment.conda_file: " + MISSING + " (expected: an uploaded artifact; upload it first)");
        assertThat(f.store.listDeployments("my-endpoint")).isEmpty();

        Deployment imageOnly = f.deployments.create("my-endpoint", spec.withEnvironment(
                EnvironmentSpec.ofReference("azureml:AzureML-sklearn-1.0:1")));
        assertThat(imageOnly.spec().environment().reference()).isEqualTo("azureml:AzureML-sklearn-1.0:1");
    }

    @Test
    void getAndListNameWhatIsMissing() {
        f.deployments.create("my-endpoint", f.deploymentSpec("green", null));
        f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));
        assertThat(f.deployments.list("my-endpoint")).extracting(Deployment::name).containsExactly("blue", "green");
        assertError(() -> f.deployments.get("my-endpoint", "red"), ErrorCode.NOT_FOUND,
                "deployment red of endpoint my-endpoint does not exist");
        assertError(() -> f.deployments.list("nope"), ErrorCode.NOT_FOUND, "endpoint nope does not exist");
    }

    @Test
    void replaceWithTheSameSpecChangesNothing() {
        Deployment created = f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));
        f.clock.advance(Duration.ofMinutes(1));

        Deployment same = f.deployments.replace("my-endpoint", "blue",
                created.spec().toBuilder().name(null).endpointName(null).build());

        assertThat(same).isEqualTo(created);
        assertThat(f.runtime.wakes).hasValue(1);
    }

    @Test
    void replaceWithAChangedSpecMovesToTheNextGeneration() {
        Deployment created = f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));
        f.clock.advance(Duration.ofMinutes(1));

        Deployment updated = f.deployments.replace("my-endpoint", "blue",
                f.deploymentSpec("blue", "my-endpoint").withInstanceCount(3));

        assertThat(updated.generation()).isEqualTo(2);
        assertThat(updated.state()).isEqualTo(ProvisioningState.UPDATING);
        assertThat(updated.spec().instanceCount()).isEqualTo(3);
        assertThat(updated.spec().requestSettings()).isEqualTo(RequestSettings.defaults());
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isEqualTo(ServiceFixture.START.plus(Duration.ofMinutes(1)));
        assertThat(f.deployments.get("my-endpoint", "blue")).isEqualTo(updated);
        assertThat(f.runtime.wakes).hasValue(2);
    }

    @Test
    void replaceValidatesLikeCreate() {
        f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));
        assertError(() -> f.deployments.replace("my-endpoint", "blue", f.deploymentSpec("green", null)),
                ErrorCode.BAD_ARGUMENT, "name: green (expected: blue, the deployment named in the request path)");
        assertError(() -> f.deployments.replace("my-endpoint", "blue", f.deploymentSpec("blue", "elsewhere")),
                ErrorCode.BAD_ARGUMENT,
                "endpoint_name: elsewhere (expected: my-endpoint, the endpoint named in the request path)");
        assertError(() -> f.deployments.replace("my-endpoint", "blue", f.deploymentSpec("blue", null)
                        .withModel(ModelSpec.ofPath(MISSING, ModelType.CUSTOM_MODEL))), ErrorCode.BAD_ARGUMENT,
                "model.path: " + MISSING + " (expected: an uploaded artifact; upload it first)");
        assertError(() -> f.deployments.replace("my-endpoint", "red", f.deploymentSpec("red", null)),
                ErrorCode.NOT_FOUND, "deployment red of endpoint my-endpoint does not exist");
        assertThat(f.deployments.get("my-endpoint", "blue").generation()).isEqualTo(1);
    }

    @Test
    void deleteIsRefusedWhileTheDeploymentHasLiveOrMirrorTraffic() {
        f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));
        f.deployments.create("my-endpoint", f.deploymentSpec("green", null));
        f.deployments.create("my-endpoint", f.deploymentSpec("red", null));
        f.setTraffic("my-endpoint", Map.of("blue", 90, "green", 10), Map.of("red", 20));

        assertError(() -> f.deployments.delete("my-endpoint", "blue"), ErrorCode.CONFLICT,
                "deployment blue has 90% of endpoint my-endpoint's traffic; move its traffic first "
                        + "(sluice online-endpoint update -n my-endpoint --traffic ...)");
        assertError(() -> f.deployments.delete("my-endpoint", "red"), ErrorCode.CONFLICT,
                "deployment red has 20% of endpoint my-endpoint's mirror traffic; move its traffic first "
                        + "(sluice online-endpoint update -n my-endpoint --mirror-traffic ...)");
        assertThat(f.deployments.list("my-endpoint")).hasSize(3);
    }

    @Test
    void deleteWithoutTrafficForgetsItsZeroSharesWakesAndPublishes() {
        f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));
        f.deployments.create("my-endpoint", f.deploymentSpec("green", null));
        f.setTraffic("my-endpoint", Map.of("blue", 100, "green", 0), Map.of("green", 0));
        int wakes = f.runtime.wakes.get();
        int published = f.runtime.publications.get();

        f.deployments.delete("my-endpoint", "green");

        assertThat(f.deployments.list("my-endpoint")).extracting(Deployment::name).containsExactly("blue");
        EndpointSpec endpoint = f.endpoints.get("my-endpoint").spec();
        assertThat(endpoint.traffic()).containsExactly(Map.entry("blue", 100));
        assertThat(endpoint.mirrorTraffic()).isEmpty();
        assertThat(f.runtime.wakes).hasValue(wakes + 1);
        assertThat(f.runtime.publications).hasValue(published + 1);
        assertError(() -> f.deployments.delete("my-endpoint", "green"), ErrorCode.NOT_FOUND,
                "deployment green of endpoint my-endpoint does not exist");
    }

    /**
     * Giving a deployment traffic and deleting it race: with one lock, exactly one of them wins every time,
     * so there is never traffic for a deployment that is gone.
     */
    @Test
    void trafficChangesAndDeletesNeverInterleave() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                String name = "dep-" + round;
                f.deployments.create("my-endpoint", f.deploymentSpec(name, null));
                Callable<Boolean> giveTraffic = () -> succeeds(() -> f.setTraffic("my-endpoint",
                        Map.of(name, 100), Map.of()));
                Callable<Boolean> delete = () -> succeeds(() -> f.deployments.delete("my-endpoint", name));
                List<Future<Boolean>> results = new ArrayList<>(pool.invokeAll(List.of(giveTraffic, delete)));

                assertThat(results.get(0).get() ^ results.get(1).get()).as("exactly one wins in round " + round).isTrue();
                EndpointSpec spec = f.endpoints.get("my-endpoint").spec();
                boolean exists = f.store.findDeployment("my-endpoint", name).isPresent();
                assertThat(spec.traffic().containsKey(name)).isEqualTo(exists);
                f.setTraffic("my-endpoint", Map.of(), Map.of());
                if (exists) {
                    f.deployments.delete("my-endpoint", name);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean succeeds(Runnable call) {
        try {
            call.run();
            return true;
        } catch (SluiceException e) {
            return false;
        }
    }

    @Test
    void aDeploymentsEtagFollowsItsSpecAndTheStateTheControllerGivesIt() {
        f.deployments.create("my-endpoint", f.deploymentSpec("blue", null));
        Deployment read = f.deployments.get("my-endpoint", "blue");
        String tag = f.deployments.etag(read);
        assertThat(f.deployments.etag(f.deployments.get("my-endpoint", "blue"))).isEqualTo(tag);

        f.store.updateDeploymentState(DeploymentId.of(read), read.generation(), ProvisioningState.SUCCEEDED, "",
                ServiceFixture.START);
        String succeeded = f.deployments.etag(f.deployments.get("my-endpoint", "blue"));
        assertThat(succeeded).isNotEqualTo(tag);

        DeploymentSpec scaled = read.spec().toBuilder().instanceCount(2).build();
        assertThatThrownBy(() -> f.deployments.replace("my-endpoint", "blue", scaled, IfMatch.parse(tag)))
                .isInstanceOfSatisfying(SluiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        assertThat(f.deployments.get("my-endpoint", "blue").spec().instanceCount()).isEqualTo(1);

        Deployment updated = f.deployments.replace("my-endpoint", "blue", scaled, IfMatch.parse(succeeded));
        assertThat(updated.spec().instanceCount()).isEqualTo(2);
        assertThat(f.deployments.etag(updated)).isNotEqualTo(succeeded)
                .isEqualTo(f.deployments.etag(f.deployments.get("my-endpoint", "blue")));
    }

    @Test
    void aCreatedResourcesEtagIsTheOneItIsReadWith() {
        Deployment created = f.deployments.create("my-endpoint", f.deploymentSpec("red", null));
        assertThat(f.deployments.etag(created)).isEqualTo(f.deployments.etag(f.deployments.get("my-endpoint", "red")));
        Endpoint endpoint = f.endpoints.create(EndpointSpec.named("other"));
        assertThat(f.endpoints.etag(endpoint)).isEqualTo(f.endpoints.etag(f.endpoints.get("other")));
    }
}
