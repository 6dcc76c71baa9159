package dev.sluice.core.testing;

import static dev.sluice.core.testing.Samples.deployment;
import static dev.sluice.core.testing.Samples.endpoint;
import static dev.sluice.core.testing.Samples.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, as its Javadoc says. A store module extends this class and supplies
 * {@link #newStore()}; the same tests then run against the fake and the real thing, so they cannot drift.
 */
public abstract class StoreContractTest {

    protected Store store;

    /** A fresh, empty store; the base class closes it after each test. */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void createsFindsAndListsEndpointsByName() {
        store.createEndpoint(endpoint("charlie"));
        store.createEndpoint(endpoint("alpha"));
        store.createEndpoint(endpoint("bravo"));

        assertThat(store.findEndpoint("alpha")).contains(endpoint("alpha"));
        assertThat(store.findEndpoint("delta")).isEmpty();
        assertThat(store.listEndpoints()).extracting(Endpoint::name).containsExactly("alpha", "bravo", "charlie");
    }

    @Test
    void richEndpointRoundTripsExactly() {
        Endpoint rich = Samples.richEndpoint("rich-endpoint");
        store.createEndpoint(rich);

        Endpoint back = store.findEndpoint("rich-endpoint").orElseThrow();
        assertThat(back).isEqualTo(rich);
        assertThat(back.keys().primaryKey()).isEqualTo("primary+/=key");
        assertThat(back.keys().secondaryKey()).isEqualTo("secondary_key-2");
        assertThat(back.createdAt()).isEqualTo(Samples.CREATED);
        assertThat(back.spec().traffic().keySet()).containsExactly("green", "blue");
    }

    @Test
    void creatingAnExistingEndpointIsAConflict() {
        store.createEndpoint(endpoint("twice"));
        Endpoint other = endpoint("twice").withState(ProvisioningState.FAILED, Instant.EPOCH);

        assertThatThrownBy(() -> store.createEndpoint(other))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("twice");
                });
        assertThat(store.findEndpoint("twice")).contains(endpoint("twice"));
    }

    @Test
    void updatesAnEndpointAndRefusesAMissingOne() {
        store.createEndpoint(endpoint("upd"));
        Endpoint changed = endpoint("upd")
                .withSpec(endpoint("upd").spec().withTraffic(Map.of("blue", 100)), Samples.UPDATED.plusSeconds(5))
                .withKeys(new EndpointKeys("new-primary", "new-secondary"), Samples.UPDATED.plusSeconds(6));
        store.updateEndpoint(changed);

        assertThat(store.findEndpoint("upd")).contains(changed);
        assertThatThrownBy(() -> store.updateEndpoint(endpoint("ghost")))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("ghost").doesNotContain("pk-ghost").doesNotContain("sk-ghost");
                });
        assertThat(store.findEndpoint("ghost")).isEmpty();
    }

    @Test
    void deletingAnEndpointDeletesItsDeploymentsAndInstancesOnly() {
        store.createEndpoint(endpoint("doomed"));
        store.createEndpoint(endpoint("kept"));
        store.createDeployment(deployment("doomed", "blue"));
        store.createDeployment(deployment("doomed", "green"));
        store.createDeployment(deployment("kept", "blue"));
        store.saveInstance(instance("blue-1", "doomed", "blue"));
        store.saveInstance(instance("green-1", "doomed", "green"));
        store.saveInstance(instance("blue-2", "kept", "blue"));

        assertThat(store.deleteEndpoint("doomed")).isTrue();

        assertThat(store.findEndpoint("doomed")).isEmpty();
        assertThat(store.listDeployments("doomed")).isEmpty();
        assertThat(store.findDeployment("doomed", "blue")).isEmpty();
        assertThat(store.listAllDeployments()).containsExactly(deployment("kept", "blue"));
        assertThat(store.listInstances()).containsExactly(instance("blue-2", "kept", "blue"));
        assertThat(store.deleteEndpoint("doomed")).isFalse();
        assertThat(store.deleteEndpoint("never-was")).isFalse();
    }

    @Test
    void aDeletedEndpointCanBeCreatedAgainWithoutItsOldDeployments() {
        store.createEndpoint(endpoint("again"));
        store.createDeployment(deployment("again", "blue"));
        store.deleteEndpoint("again");

        store.createEndpoint(endpoint("again"));
        assertThat(store.listDeployments("again")).isEmpty();
        store.createDeployment(deployment("again", "blue"));
        assertThat(store.listDeployments("again")).hasSize(1);
    }

    @Test
    void createsFindsAndListsDeploymentsInOrder() {
        store.createEndpoint(endpoint("zeta"));
        store.createEndpoint(endpoint("alpha"));
        store.createDeployment(deployment("zeta", "blue"));
        store.createDeployment(deployment("alpha", "green"));
        store.createDeployment(deployment("alpha", "blue"));
        store.createDeployment(deployment("zeta", "amber"));

        assertThat(store.findDeployment("alpha", "green")).contains(deployment("alpha", "green"));
        assertThat(store.findDeployment("alpha", "amber")).isEmpty();
        assertThat(store.findDeployment("nope", "blue")).isEmpty();
        assertThat(store.listDeployments("alpha")).extracting(Deployment::name).containsExactly("blue", "green");
        assertThat(store.listDeployments("nope")).isEmpty();
        assertThat(store.listAllDeployments()).extracting(d -> d.endpointName() + "/" + d.name())
                .containsExactly("alpha/blue", "alpha/green", "zeta/amber", "zeta/blue");
    }

    @Test
    void richDeploymentRoundTripsExactly() {
        store.createEndpoint(endpoint("rich"));
        Deployment rich = Samples.richDeployment("rich", "blue");
        store.createDeployment(rich);

        Deployment back = store.findDeployment("rich", "blue").orElseThrow();
        assertThat(back).isEqualTo(rich);
        assertThat(back.reason()).isEqualTo("init failed: no module named 'sklearn'");
        assertThat(back.generation()).isEqualTo(7);
        assertThat(back.updatedAt()).isEqualTo(Samples.UPDATED);
        assertThat(store.listDeployments("rich")).containsExactly(rich);
    }

    @Test
    void deploymentOfAMissingEndpointIsNotFound() {
        assertThatThrownBy(() -> store.createDeployment(deployment("absent", "blue")))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("absent");
                });
        assertThat(store.listAllDeployments()).isEmpty();
    }

    @Test
    void creatingAnExistingDeploymentIsAConflictButTheNameIsFreeOnOtherEndpoints() {
        store.createEndpoint(endpoint("one"));
        store.createEndpoint(endpoint("two"));
        store.createDeployment(deployment("one", "blue"));

        assertThatThrownBy(() -> store.createDeployment(deployment("one", "blue").withState(
                ProvisioningState.FAILED, "x", Instant.EPOCH)))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("blue");
                });
        store.createDeployment(deployment("two", "blue"));
        assertThat(store.findDeployment("one", "blue")).contains(deployment("one", "blue"));
        assertThat(store.listAllDeployments()).hasSize(2);
    }

    @Test
    void updatesADeploymentAndRefusesAMissingOne() {
        store.createEndpoint(endpoint("upd"));
        store.createDeployment(deployment("upd", "blue"));
        Deployment next = deployment("upd", "blue")
                .withNewSpec(deployment("upd", "blue").spec().withInstanceCount(3), Samples.UPDATED.plusSeconds(1))
                .withState(ProvisioningState.SUCCEEDED, null, Samples.UPDATED.plusSeconds(2));
        store.updateDeployment(next);

        Deployment back = store.findDeployment("upd", "blue").orElseThrow();
        assertThat(back).isEqualTo(next);
        assertThat(back.generation()).isEqualTo(2);
        assertThat(back.spec().instanceCount()).isEqualTo(3);
        assertThatThrownBy(() -> store.updateDeployment(deployment("upd", "green")))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> store.updateDeployment(deployment("nowhere", "blue")))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(store.findDeployment("upd", "green")).isEmpty();
    }

    @Test
    void stateUpdateAppliesOnlyToTheSameGeneration() {
        store.createEndpoint(endpoint("gen"));
        Deployment first = deployment("gen", "blue");
        store.createDeployment(first);
        DeploymentId id = DeploymentId.of(first);
        Instant now = Samples.UPDATED.plusSeconds(30);

        assertThat(store.updateDeploymentState(id, first.generation(), ProvisioningState.SUCCEEDED, null, now)).isTrue();
        assertThat(store.findDeployment("gen", "blue")).contains(first.withState(ProvisioningState.SUCCEEDED, "", now));

        Deployment second = first.withNewSpec(first.spec().withInstanceCount(2), now.plusSeconds(1));
        store.updateDeployment(second);
        // The controller's verdict on generation 1 arrives late: it must not touch generation 2.
        assertThat(store.updateDeploymentState(id, first.generation(), ProvisioningState.FAILED, "old news",
                now.plusSeconds(2))).isFalse();
        assertThat(store.findDeployment("gen", "blue")).contains(second);

        assertThat(store.updateDeploymentState(id, second.generation(), ProvisioningState.FAILED, "exit code 3",
                now.plusSeconds(3))).isTrue();
        Deployment back = store.findDeployment("gen", "blue").orElseThrow();
        assertThat(back.state()).isEqualTo(ProvisioningState.FAILED);
        assertThat(back.reason()).isEqualTo("exit code 3");
        assertThat(back.updatedAt()).isEqualTo(now.plusSeconds(3));
        assertThat(back.spec()).isEqualTo(second.spec());
        assertThat(back.createdAt()).isEqualTo(first.createdAt());

        assertThat(store.updateDeploymentState(new DeploymentId("gen", "ghost"), 1, ProvisioningState.FAILED, "x", now))
                .isFalse();
        assertThat(store.updateDeploymentState(new DeploymentId("nope", "blue"), 1, ProvisioningState.FAILED, "x", now))
                .isFalse();
    }

    @Test
    void anApiSpecChangeKeepsWhatTheControllerRecordedAndNeedsTheGenerationItSaw() {
        store.createEndpoint(endpoint("spec"));
        Deployment created = deployment("spec", "blue");
        store.createDeployment(created);
        Instant now = Samples.UPDATED.plusSeconds(10);
        Deployment succeeded = created.succeeded(now);
        store.updateDeploymentIf(created.generation(), succeeded);
        DeploymentId id = DeploymentId.of(created);
        DeploymentSpec bigger = created.spec().withInstanceCount(4);

        assertThat(store.replaceDeploymentSpec(id, created.generation() + 5, bigger, now)).isFalse();
        assertThat(store.replaceDeploymentSpec(id, created.generation(), bigger, now.plusSeconds(1))).isTrue();

        Deployment back = store.findDeployment("spec", "blue").orElseThrow();
        assertThat(back).isEqualTo(succeeded.withNewSpec(bigger, now.plusSeconds(1)));
        assertThat(back.lastSucceededSpec()).isEqualTo(created.spec());
        assertThat(back.state()).isEqualTo(ProvisioningState.UPDATING);
        assertThat(store.replaceDeploymentSpec(new DeploymentId("spec", "ghost"), 1, bigger, now)).isFalse();
    }

    @Test
    void aRolledBackDeploymentKeepsTheSpecThatLastSucceeded() {
        store.createEndpoint(endpoint("roll"));
        Deployment created = deployment("roll", "blue");
        store.createDeployment(created);
        Instant now = Samples.UPDATED.plusSeconds(10);

        Deployment succeeded = created.succeeded(now);
        assertThat(store.updateDeploymentIf(created.generation(), succeeded)).isTrue();
        assertThat(store.findDeployment("roll", "blue")).contains(succeeded);
        assertThat(succeeded.lastSucceededSpec()).isEqualTo(created.spec());

        Deployment updating = succeeded.withNewSpec(created.spec().withInstanceCount(3), now.plusSeconds(1));
        store.updateDeployment(updating);
        Deployment rolledBack = updating.rolledBack("new instances never turned Ready", now.plusSeconds(2));
        // A verdict on a generation the API has already replaced does not apply.
        assertThat(store.updateDeploymentIf(succeeded.generation(), rolledBack)).isFalse();
        assertThat(store.updateDeploymentIf(updating.generation(), rolledBack)).isTrue();

        Deployment back = store.findDeployment("roll", "blue").orElseThrow();
        assertThat(back).isEqualTo(rolledBack);
        assertThat(back.spec()).isEqualTo(created.spec());
        assertThat(back.generation()).isEqualTo(updating.generation() + 1);
        assertThat(back.state()).isEqualTo(ProvisioningState.FAILED);
        assertThat(back.servesLastSucceededSpec()).isTrue();
        assertThat(store.updateDeploymentIf(1, deployment("roll", "ghost"))).isFalse();
    }

    @Test
    void deletingADeploymentDeletesItsInstancesOnly() {
        store.createEndpoint(endpoint("ep"));
        store.createEndpoint(endpoint("other"));
        store.createDeployment(deployment("ep", "blue"));
        store.createDeployment(deployment("ep", "green"));
        store.createDeployment(deployment("other", "blue"));
        store.saveInstance(instance("i-1", "ep", "blue"));
        store.saveInstance(instance("i-2", "ep", "blue"));
        store.saveInstance(instance("i-3", "ep", "green"));
        store.saveInstance(instance("i-4", "other", "blue"));

        assertThat(store.deleteDeployment("ep", "blue")).isTrue();

        assertThat(store.findDeployment("ep", "blue")).isEmpty();
        assertThat(store.listDeployments("ep")).extracting(Deployment::name).containsExactly("green");
        assertThat(store.findDeployment("other", "blue")).isPresent();
        assertThat(store.listInstances()).extracting(InstanceRecord::id).containsExactly("i-3", "i-4");
        assertThat(store.deleteDeployment("ep", "blue")).isFalse();
        assertThat(store.deleteDeployment("nope", "blue")).isFalse();
        assertThat(store.findEndpoint("ep")).isPresent();
    }

    @Test
    void savesReplacesListsAndDeletesInstances() {
        InstanceRecord starting = new InstanceRecord("blue-b", "ep", "blue", 1, InstanceState.STARTING, -1, "",
                Samples.CREATED, 0);
        store.saveInstance(starting);
        store.saveInstance(instance("blue-c", "ep", "blue"));
        store.saveInstance(instance("blue-a", "ep", "blue"));
        assertThat(store.listInstances()).extracting(InstanceRecord::id).containsExactly("blue-a", "blue-b", "blue-c");
        assertThat(store.listInstances().get(1)).isEqualTo(starting);

        InstanceRecord ready = starting.withState(InstanceState.READY).withUrl("http://127.0.0.1:5555");
        store.saveInstance(ready);
        assertThat(store.listInstances()).hasSize(3).contains(ready).doesNotContain(starting);

        store.deleteInstance("blue-a");
        store.deleteInstance("not-there");
        assertThat(store.listInstances()).containsExactly(ready, instance("blue-c", "ep", "blue"));
    }

    @Test
    void everyInstanceFieldRoundTrips() {
        for (InstanceState state : InstanceState.values()) {
            InstanceRecord record = new InstanceRecord("i-" + state.wire(), "ep", "dep", Long.MAX_VALUE, state,
                    Long.MAX_VALUE - 1, "http://[::1]:1", Instant.parse("1999-12-31T23:59:59.000000001Z"),
                    Integer.MAX_VALUE);
            store.saveInstance(record);
            assertThat(store.listInstances()).contains(record);
        }
    }

    @Test
    void concurrentWritersAllSucceed() throws Exception {
        int threads = 8;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String ep = "ep-" + t;
                done.add(pool.submit(() -> {
                    store.createEndpoint(endpoint(ep));
                    for (int i = 0; i < perThread; i++) {
                        store.createDeployment(deployment(ep, "dep-" + i));
                        store.saveInstance(instance(ep + "-i-" + i, ep, "dep-" + i));
                        store.updateEndpoint(endpoint(ep).withState(ProvisioningState.UPDATING, Samples.UPDATED));
                        store.listAllDeployments();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.listEndpoints()).hasSize(threads)
                .allSatisfy(e -> assertThat(e.state()).isEqualTo(ProvisioningState.UPDATING));
        assertThat(store.listAllDeployments()).hasSize(threads * perThread);
        assertThat(store.listInstances()).hasSize(threads * perThread);
    }

    @Test
    void registeredVersionsAreImmutableAndFoundByNameAndVersion() {
        store.createAsset(Samples.model("diabetes", "1"));
        store.createAsset(Samples.environment("diabetes", "1"));

        assertThat(store.findAsset(AssetKind.MODEL, "diabetes", "1")).contains(Samples.model("diabetes", "1"));
        assertThat(store.findAsset(AssetKind.ENVIRONMENT, "diabetes", "1")).contains(Samples.environment("diabetes", "1"));
        assertThat(store.findAsset(AssetKind.MODEL, "diabetes", "2")).isEmpty();
        assertThatThrownBy(() -> store.createAsset(Samples.model("diabetes", "1")))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void latestIsTheLastRegisteredVersionThatIsNotArchived() {
        store.createAsset(Samples.model("m", "9"));
        store.createAsset(Samples.model("m", "10"));
        store.createAsset(Samples.model("other", "1"));
        assertThat(store.latestAsset(AssetKind.MODEL, "m").orElseThrow().version()).isEqualTo("10");

        assertThat(store.setAssetArchived(AssetKind.MODEL, "m", "10", true)).isTrue();

        assertThat(store.latestAsset(AssetKind.MODEL, "m").orElseThrow().version()).isEqualTo("9");
        assertThat(store.findAsset(AssetKind.MODEL, "m", "10").orElseThrow().archived()).isTrue();
        assertThat(store.listAssets(AssetKind.MODEL, "m", false)).extracting(RegisteredAsset::version)
                .containsExactly("9");
        assertThat(store.listAssets(AssetKind.MODEL, null, true)).extracting(a -> a.name() + ":" + a.version())
                .containsExactly("m:9", "m:10", "other:1");
        assertThat(store.listAssets(AssetKind.ENVIRONMENT, null, true)).isEmpty();
        assertThat(store.setAssetArchived(AssetKind.MODEL, "m", "11", true)).isFalse();
        assertThat(store.latestAsset(AssetKind.MODEL, "none")).isEmpty();
    }

    @Test
    void aClosedStoreFailsWithInternal() {
        Store other = newStore();
        other.close();
        assertThatThrownBy(() -> other.listEndpoints())
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
        other.close(); // closing twice is harmless
    }
}
