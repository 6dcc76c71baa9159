package dev.sluice.controlplane.service;

import static dev.sluice.controlplane.service.EndpointServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.KeyType;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ETags of endpoints and deployments, and the If-Match precondition of their replacement. */
class OptimisticConcurrencyTest {

    @TempDir
    Path folder;
    ServiceFixture f;

    @BeforeEach
    void setUp() {
        f = new ServiceFixture(folder);
        f.endpointWithDeployments("shop", "blue", "green");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void anEndpointsEtagIsStableUntilACommittedChange() {
        Endpoint read = f.endpoints.get("shop");
        String tag = f.endpoints.etag(read);
        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(f.endpoints.etag(f.endpoints.get("shop"))).isEqualTo(tag);

        Endpoint same = f.endpoints.replace("shop", read.spec(), IfMatch.parse(tag));
        assertThat(f.endpoints.etag(same)).as("no change, no new version").isEqualTo(tag);

        Endpoint changed = f.endpoints.replace("shop", read.spec().withTraffic(Map.of("blue", 100)),
                IfMatch.parse(tag));
        String next = f.endpoints.etag(changed);
        assertThat(next).isNotEqualTo(tag).isEqualTo(f.endpoints.etag(f.endpoints.get("shop")));

        // Keys are part of the stored endpoint, even when the clock has not moved.
        String rotated = f.endpoints.etag(f.endpoints.regenerateKeys("shop", KeyType.SECONDARY));
        assertThat(rotated).isNotEqualTo(next).isEqualTo(f.endpoints.etag(f.endpoints.get("shop")));
    }

    @Test
    void aStaleIfMatchIsRefusedAndChangesNothing() {
        Endpoint read = f.endpoints.get("shop");
        String stale = f.endpoints.etag(read);
        f.clock.advance(Duration.ofSeconds(1));
        f.endpoints.replace("shop", read.spec().withMirrorTraffic(Map.of("green", 10)), IfMatch.parse(stale));

        EndpointSpec lostUpdate = read.spec().withTraffic(Map.of("blue", 50, "green", 50));
        assertThatThrownBy(() -> f.endpoints.replace("shop", lostUpdate, IfMatch.parse(stale)))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
                    assertThat(e.getMessage()).startsWith("endpoint shop has changed since it was read (If-Match: "
                            + stale + "; its ETag now: \"").endsWith("); read it again and retry");
                });
        assertThat(f.endpoints.get("shop").spec().mirrorTraffic()).isEqualTo(Map.of("green", 10));
        assertThat(f.endpoints.get("shop").spec().traffic()).isEmpty();
    }

    @Test
    void starAnyOfSeveralTagsAndNoHeaderMatchButWeakTagsNever() {
        Endpoint read = f.endpoints.get("shop");
        String tag = f.endpoints.etag(read);
        EndpointSpec spec = read.spec();

        f.endpoints.replace("shop", spec.withTraffic(Map.of("blue", 100)), IfMatch.parse("*"));
        String now = f.endpoints.etag(f.endpoints.get("shop"));
        f.endpoints.replace("shop", spec.withTraffic(Map.of("green", 100)), IfMatch.parse(tag + ", " + now));
        f.endpoints.replace("shop", spec.withTraffic(Map.of("blue", 50, "green", 50)), IfMatch.NONE);
        String current = f.endpoints.etag(f.endpoints.get("shop"));

        assertThatThrownBy(() -> f.endpoints.replace("shop", spec, IfMatch.parse("W/" + current)))
                .isInstanceOfSatisfying(SluiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        assertThat(f.endpoints.get("shop").spec().traffic()).isEqualTo(Map.of("blue", 50, "green", 50));
    }

    @Test
    void aMalformedIfMatchIsABadArgumentNamingTheHeader() {
        assertError(() -> IfMatch.parse("abc"), ErrorCode.BAD_ARGUMENT,
                "If-Match: abc (expected: * or entity tags as the ETag header gives them, such as \"3f2a9c…\")");
        assertError(() -> IfMatch.parse("\"a\"b\""), ErrorCode.BAD_ARGUMENT,
                "If-Match: \"a\"b\" (expected: * or entity tags as the ETag header gives them, such as \"3f2a9c…\")");
    }

    @Test
    void aDeploymentsEtagFollowsItsSpecAndTheStateTheControllerGivesIt() {
        Deployment read = f.deployments.get("shop", "blue");
        String tag = f.deployments.etag(read);
        assertThat(f.deployments.etag(f.deployments.get("shop", "blue"))).isEqualTo(tag);

        f.store.updateDeploymentState(DeploymentId.of(read), read.generation(), ProvisioningState.SUCCEEDED, "",
                ServiceFixture.START);
        String succeeded = f.deployments.etag(f.deployments.get("shop", "blue"));
        assertThat(succeeded).isNotEqualTo(tag);

        DeploymentSpec scaled = read.spec().toBuilder().instanceCount(2).build();
        assertThatThrownBy(() -> f.deployments.replace("shop", "blue", scaled, IfMatch.parse(tag)))
                .isInstanceOfSatisfying(SluiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        assertThat(f.deployments.get("shop", "blue").spec().instanceCount()).isEqualTo(1);

        Deployment updated = f.deployments.replace("shop", "blue", scaled, IfMatch.parse(succeeded));
        assertThat(updated.spec().instanceCount()).isEqualTo(2);
        assertThat(f.deployments.etag(updated)).isNotEqualTo(succeeded)
                .isEqualTo(f.deployments.etag(f.deployments.get("shop", "blue")));
    }

    @Test
    void aCreatedResourcesEtagIsTheOneItIsReadWith() {
        Deployment created = f.deployments.create("shop", f.deploymentSpec("red", null));
        assertThat(f.deployments.etag(created)).isEqualTo(f.deployments.etag(f.deployments.get("shop", "red")));
        Endpoint endpoint = f.endpoints.create(EndpointSpec.named("other"));
        assertThat(f.endpoints.etag(endpoint)).isEqualTo(f.endpoints.etag(f.endpoints.get("other")));
    }
}
