package dev.sluice.controlplane.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.environments.BasePython;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.routing.AtomicRoutingTable;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.ModelSpec;
import dev.sluice.core.spec.ModelType;
import dev.sluice.core.testing.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller's decisions, over a fake backend and probe, a real in-memory store and a movable clock. */
class ControllerTest {

    private static final String MODEL = "sha256:" + "ab".repeat(32);
    private static final String OTHER_MODEL = "sha256:" + "cd".repeat(32);
    private static final String EP = "ep1";

    @TempDir
    Path tmp;

    private final InMemoryStore store = InMemoryStore.create();
    private final FakeBackend backend = new FakeBackend();
    private final FakeProbe probe = new FakeProbe();
    private final AtomicRoutingTable routing = AtomicRoutingTable.create();
    private final OffsetClock clock = new OffsetClock();
    private Controller controller;

    @BeforeEach
    void setUp() throws Exception {
        DataDir dataDir = new DataDir(tmp);
        Files.createDirectories(tmp.resolve("artifacts").resolve("ab".repeat(32)));
        Files.createDirectories(tmp.resolve("artifacts").resolve("cd".repeat(32)));
        store.createEndpoint(new Endpoint(EndpointSpec.named(EP), new EndpointKeys("k1", "k2"),
                ProvisioningState.SUCCEEDED, clock.instant(), clock.instant()));
        controller = newController(dataDir);
        controller.start();
    }

    private Controller newController(DataDir dataDir) {
        return Controller.create(store, backend, WorkerConfigs.create(dataDir, 1, null), dataDir, routing, probe,
                BasePython.of(Path.of("python3")), clock, new ControllerOptions(Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofSeconds(1),
                        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10))));
    }

    @AfterEach
    void tearDown() {
        controller.close();
    }

    @Test
    void createsInstancesAndSucceedsOnceAllAreReady() {
        create("blue", 2, MODEL);
        await().until(() -> backend.aliveOf("blue").size() == 2);
        assertThat(state("blue")).isEqualTo(ProvisioningState.CREATING);
        probe.makeReady(backend.aliveOf("blue").get(0).address());
        await().until(() -> ready("blue").size() == 1);
        assertThat(state("blue")).isEqualTo(ProvisioningState.CREATING);
        probe.makeReady(backend.aliveOf("blue").get(1).address());
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        assertThat(ready("blue")).hasSize(2);
        assertThat(controller.instances(id("blue"))).extracting(InstanceRecord::state)
                .containsOnly(InstanceState.READY);
        assertThat(controller.events(id("blue"))).anyMatch(e -> e.contains("Ready"));
    }

    @Test
    void anInstanceThatExitsBeforeReadyFailsTheDeploymentWithItsLastLogLines() throws Exception {
        create("blue", 1, MODEL);
        await().until(() -> backend.aliveOf("blue").size() == 1);
        FakeBackend.FakeProcess p = backend.aliveOf("blue").get(0);
        Files.createDirectories(p.launch.consoleLog().getParent());
        Files.writeString(p.launch.consoleLog(), "starting\nValueError: model file is corrupt\n");
        p.crash(3);
        await().until(() -> state("blue") == ProvisioningState.FAILED);
        Deployment d = deployment("blue");
        assertThat(d.reason()).contains("exited with code 3 before it was ready")
                .contains("ValueError: model file is corrupt");
        // A failed creation is not retried: the next change of spec is the user's.
        await().during(Duration.ofMillis(200)).until(() -> backend.started.size() == 1);
        assertThat(controller.instances(id("blue"))).extracting(InstanceRecord::state)
                .containsExactly(InstanceState.FAILED);
    }

    @Test
    void aReadyInstanceThatCrashesIsRestartedAfterItsBackoff() {
        probe.everyoneReady = true;
        create("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        FakeBackend.FakeProcess first = backend.aliveOf("blue").get(0);
        first.crash(137);
        await().until(() -> ready("blue").isEmpty());
        await().during(Duration.ofMillis(100)).until(() -> backend.started.size() == 1);
        clock.advance(Duration.ofSeconds(2));
        await().until(() -> ready("blue").size() == 1);
        assertThat(backend.started).hasSize(2);
        InstanceRecord record = controller.instances(id("blue")).get(0);
        assertThat(record.id()).isEqualTo(first.id);
        assertThat(record.restarts()).isEqualTo(1);
        assertThat(state("blue")).isEqualTo(ProvisioningState.SUCCEEDED);
        assertThat(controller.events(id("blue"))).anyMatch(e -> e.contains("BackOff"))
                .anyMatch(e -> e.contains("Restarted"));
    }

    @Test
    void aChangedModelRollsInstancesOneAtATimeWithoutLosingCapacity() {
        probe.everyoneReady = true;
        create("blue", 3, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        List<String> oldIds = ready("blue").stream().map(r -> r.readyInstancesId()).toList();
        probe.everyoneReady = false;
        update("blue", 3, OTHER_MODEL);
        // One new instance starts; nothing old stops until it is ready.
        await().until(() -> backend.alive().size() == 4);
        await().during(Duration.ofMillis(100)).until(() -> backend.alive().size() == 4 && ready("blue").size() == 3);
        probe.everyoneReady = true;
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        assertThat(ready("blue")).hasSize(3).noneMatch(r -> oldIds.contains(r.readyInstancesId()));
        assertThat(backend.alive()).hasSize(3)
                .allMatch(p -> p.launch.config().modelDir().endsWith("cd".repeat(32)));
    }

    @Test
    void anUpdateWhoseInstancesCannotStartRollsBackWhileTheOldOnesKeepServing() throws Exception {
        probe.everyoneReady = true;
        create("blue", 2, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        List<String> oldIds = ready("blue").stream().map(Ready::readyInstancesId).toList();
        probe.everyoneReady = false;
        for (String old : oldIds) {
            probe.makeReady(backend.started.stream().filter(p -> p.id.equals(old)).findFirst().orElseThrow().address());
        }
        update("blue", 2, OTHER_MODEL);
        await().until(() -> backend.alive().size() == 3);
        FakeBackend.FakeProcess fresh = backend.alive().stream().filter(p -> !oldIds.contains(p.id)).findFirst()
                .orElseThrow();
        Files.createDirectories(fresh.launch.consoleLog().getParent());
        Files.writeString(fresh.launch.consoleLog(), "RuntimeException: cannot load the new model\n");
        fresh.crash(3);

        await().until(() -> state("blue") == ProvisioningState.FAILED);
        Deployment d = deployment("blue");
        assertThat(d.reason()).contains("rolled back").contains("cannot load the new model");
        assertThat(d.spec().model().path()).isEqualTo(MODEL);
        assertThat(d.generation()).isEqualTo(3);
        await().during(Duration.ofMillis(200)).until(() -> ready("blue").stream().map(Ready::readyInstancesId)
                .toList().containsAll(oldIds) && backend.alive().size() == 2);
        assertThat(controller.events(id("blue"))).anyMatch(e -> e.contains("RolledBack"));
    }

    @Test
    void aScaleUpWhoseNewInstancesFailRollsBackAndKeepsTheOneThatServes() {
        probe.everyoneReady = true;
        create("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        FakeBackend.FakeProcess serving = backend.aliveOf("blue").get(0);
        probe.everyoneReady = false;
        probe.makeReady(serving.address());
        update("blue", 3, MODEL);
        await().until(() -> backend.aliveOf("blue").size() == 3);
        backend.aliveOf("blue").stream().filter(p -> p != serving).findFirst().orElseThrow().crash(3);

        await().until(() -> state("blue") == ProvisioningState.FAILED);
        assertThat(deployment("blue").reason()).contains("rolled back");
        assertThat(deployment("blue").spec().instanceCount()).isEqualTo(1);
        await().until(() -> backend.aliveOf("blue").size() == 1);
        assertThat(backend.aliveOf("blue")).containsExactly(serving);
        assertThat(ready("blue")).extracting(Ready::readyInstancesId).containsExactly(serving.id);
    }

    @Test
    void aRestartThatCannotStartIsTriedAgainAndTheDeploymentStaysSucceeded() {
        probe.everyoneReady = true;
        create("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        backend.failStarts = true;
        backend.aliveOf("blue").get(0).crash(137);
        clock.advance(Duration.ofSeconds(2));
        await().until(() -> controller.events(id("blue")).stream().anyMatch(e -> e.contains("StartFailed")));
        assertThat(state("blue")).isEqualTo(ProvisioningState.SUCCEEDED);
        backend.failStarts = false;
        clock.advance(Duration.ofSeconds(10));
        await().until(() -> ready("blue").size() == 1);
        assertThat(state("blue")).isEqualTo(ProvisioningState.SUCCEEDED);
    }

    @Test
    void aRolledBackDeploymentKeepsServingAfterTheControllerRestarts() {
        probe.everyoneReady = true;
        create("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        Deployment succeeded = deployment("blue");
        store.updateDeployment(succeeded.withNewSpec(spec("blue", 1, OTHER_MODEL), clock.instant())
                .rolledBack("it did not work", clock.instant()));
        FakeBackend.FakeProcess survivor = backend.aliveOf("blue").get(0);
        survivor.crash(137);
        controller.close();
        controller = newController(new DataDir(tmp));
        controller.start();
        await().until(() -> ready("blue").size() == 1);
        assertThat(state("blue")).isEqualTo(ProvisioningState.FAILED);
    }

    @Test
    void anInstanceThatFailsItsLivenessChecksIsKilledAndRestarted() {
        probe.everyoneReady = true;
        DeploymentSpec spec = spec("blue", 1, MODEL).toBuilder()
                .livenessProbe(new dev.sluice.core.spec.ProbeSettings(0, 1, 1, 1, 2)).build();
        Instant now = clock.instant();
        store.createDeployment(new Deployment(spec, ProvisioningState.CREATING, "", 1, now, now));
        controller.wake();
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        FakeBackend.FakeProcess hung = backend.aliveOf("blue").get(0);
        probe.hang(hung.address());
        await().until(() -> !hung.isAlive());
        assertThat(controller.events(id("blue"))).anyMatch(e -> e.contains("Killed"));
        clock.advance(Duration.ofSeconds(2));
        await().until(() -> backend.aliveOf("blue").size() == 1 && ready("blue").size() == 1);
        assertThat(controller.instances(id("blue")).get(0).restarts()).isEqualTo(1);
    }

    @Test
    void aClosedControllerStopsItsInstancesAndStartsNothingMore() {
        probe.everyoneReady = true;
        create("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        controller.close();
        assertThat(backend.alive()).isEmpty();
        create("late", 1, MODEL);
        await().during(Duration.ofMillis(200)).until(() -> backend.started.size() == 1);
    }

    @Test
    void changingOnlyTheInstanceCountScalesWithoutReplacing() {
        probe.everyoneReady = true;
        create("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        String first = backend.aliveOf("blue").get(0).id;
        update("blue", 3, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED && ready("blue").size() == 3);
        assertThat(backend.started).hasSize(3);
        update("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED && backend.alive().size() == 1);
        assertThat(ready("blue")).hasSize(1);
        assertThat(backend.alive().get(0).id).isEqualTo(first);
    }

    @Test
    void deletingADeploymentStopsItsInstances() {
        probe.everyoneReady = true;
        create("blue", 2, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        assertThat(tmp.resolve("instances").resolve(EP).resolve("blue")).isDirectory();
        store.deleteDeployment(EP, "blue");
        controller.wake();
        await().until(() -> backend.alive().isEmpty());
        await().until(() -> controller.instances(id("blue")).isEmpty());
        assertThat(store.listInstances()).isEmpty();
        await().until(() -> !Files.exists(tmp.resolve("instances").resolve(EP).resolve("blue")));
        assertThat(controller.events(id("blue"))).isEmpty();
    }

    /** One Ready instance of blue with all of the endpoint's traffic, published. */
    private void blueServesEverything() {
        probe.everyoneReady = true;
        create("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        Endpoint e = store.findEndpoint(EP).orElseThrow();
        store.updateEndpoint(e.withSpec(e.spec().withTraffic(Map.of("blue", 100)), clock.instant()));
        controller.publishRouting();
    }

    @Test
    void publishRoutingAppliesTrafficBeforeItReturns() {
        blueServesEverything();
        assertThat(routing.current().endpoint(EP).traffic().weights()).isEqualTo(Map.of("blue", 100));
    }

    @Test
    void aReadyInstanceIsRoutedToTheSocketItReported() {
        blueServesEverything();
        InstanceRoute route = routing.current().endpoint(EP).deployment("blue").readyInstances().get(0);
        assertThat(route.socket()).isEqualTo("/run/sluice-test/" + route.id() + ".sock");
        assertThat(route.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void aRestartedControllerAdoptsWorkersThatAreStillRunning() {
        probe.everyoneReady = true;
        create("blue", 1, MODEL);
        await().until(() -> state("blue") == ProvisioningState.SUCCEEDED);
        FakeBackend.FakeProcess survivor = backend.aliveOf("blue").get(0);
        // The old controller dies without stopping anything (kill -9): simulate by handing the process over.
        backend.survivors.put(survivor.id, survivor);
        Controller second = newController(new DataDir(tmp));
        second.start();
        try {
            await().until(() -> second.instances(id("blue")).stream().anyMatch(i -> i.state() == InstanceState.READY));
            assertThat(backend.started).hasSize(1);
            assertThat(second.events(id("blue"))).anyMatch(ev -> ev.contains("Adopted"));
        } finally {
            backend.survivors.clear();
            second.close();
        }
    }

    private void create(String name, int count, String model) {
        DeploymentSpec spec = spec(name, count, model);
        Instant now = clock.instant();
        store.createDeployment(new Deployment(spec, ProvisioningState.CREATING, "", 1, now, now));
        controller.wake();
    }

    private void update(String name, int count, String model) {
        Deployment d = deployment(name);
        store.updateDeployment(d.withNewSpec(spec(name, count, model), clock.instant()));
        controller.wake();
    }

    private static DeploymentSpec spec(String name, int count, String model) {
        return DeploymentSpec.builder().name(name).endpointName(EP)
                .model(ModelSpec.ofPath(model, ModelType.TRITON_MODEL)).instanceCount(count).build().withDefaults();
    }

    private Deployment deployment(String name) {
        return store.findDeployment(EP, name).orElseThrow();
    }

    private ProvisioningState state(String name) {
        return deployment(name).state();
    }

    private static DeploymentId id(String name) {
        return new DeploymentId(EP, name);
    }

    private List<Ready> ready(String name) {
        EndpointRoute e = routing.current().endpoint(EP);
        DeploymentRoute d = e == null ? null : e.deployment(name);
        return d == null ? List.of() : d.readyInstances().stream().map(r -> new Ready(r.id())).toList();
    }

    private record Ready(String readyInstancesId) {
    }

    /** Real time plus an offset the test can jump forward, for backoffs, without freezing the probes. */
    static final class OffsetClock extends java.time.Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
