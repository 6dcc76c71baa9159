package dev.sluice.controlplane.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.controlplane.environments.BasePython;
import dev.sluice.controlplane.service.MutableClock;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceEvent.Kind;
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
import dev.sluice.core.spec.ProbeSettings;
import dev.sluice.core.store.Store;
import dev.sluice.core.testing.InMemoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's decisions, over a fake backend and probe, a real in-memory store and a clock that only the
 * test moves. The controller's loop never runs: the test steps it, one tick ({@link #TICK} of time, then one
 * pass) at a time, so every test is a fixed sequence of events.
 */
class ControllerTest {

    private static final String MODEL = "sha256:" + "ab".repeat(32);
    private static final String OTHER_MODEL = "sha256:" + "cd".repeat(32);
    private static final String EP = "ep1";
    private static final Duration TICK = Duration.ofMillis(200);
    /** Enough ticks for anything the controller does without waiting for a backoff or a probe period. */
    private static final int PATIENCE = 50;

    @TempDir
    Path tmp;

    private final InMemoryStore inMemory = InMemoryStore.create();
    private volatile boolean storeFails;
    private final Store store = failingWhenAsked(inMemory);
    private final FakeBackend backend = new FakeBackend();
    private final FakeProbe probe = new FakeProbe();
    private final AtomicRoutingTable routing = AtomicRoutingTable.create();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private Controller controller;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(tmp.resolve("artifacts").resolve("ab".repeat(32)));
        Files.createDirectories(tmp.resolve("artifacts").resolve("cd".repeat(32)));
        store.createEndpoint(new Endpoint(EndpointSpec.named(EP), new EndpointKeys("k1", "k2"),
                ProvisioningState.SUCCEEDED, clock.instant(), clock.instant()));
        controller = newController();
        controller.adoptSurvivors();
    }

    private Controller newController() {
        DataDir dataDir = new DataDir(tmp);
        return Controller.create(store, backend, WorkerConfigs.create(dataDir, 1, null), dataDir,
                Controller.Routing.to(routing), probe,
                BasePython.of(Path.of("python3")), clock, new ControllerOptions(TICK, Duration.ofMillis(10),
                        Duration.ofSeconds(1), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
                                Duration.ofMinutes(10))));
    }

    @AfterEach
    void tearDown() {
        controller.close();
    }

    @Test
    void createsInstancesAndSucceedsOnceAllAreReady() {
        create("blue", 2, MODEL);
        tick();
        assertThat(backend.aliveOf("blue")).hasSize(2);
        assertThat(state("blue")).isEqualTo(ProvisioningState.CREATING);
        probe.makeReady(backend.aliveOf("blue").get(0).address());
        tickUntil(() -> ready("blue").size() == 1);
        ticks(5);
        assertThat(state("blue")).isEqualTo(ProvisioningState.CREATING);
        probe.makeReady(backend.aliveOf("blue").get(1).address());
        tickUntil(() -> state("blue") == ProvisioningState.SUCCEEDED);
        assertThat(ready("blue")).hasSize(2);
        assertThat(controller.instances(id("blue"))).extracting(InstanceRecord::state)
                .containsOnly(InstanceState.READY);
        assertThat(eventsOf("blue", Kind.READY)).hasSize(2).allMatch(e -> e.coldStartMs() != null);
        assertThat(eventsOf("blue", Kind.SUCCEEDED)).hasSize(1);
    }

    @Test
    void anInstanceThatExitsBeforeReadyFailsTheDeploymentWithItsLastLogLines() throws Exception {
        create("blue", 1, MODEL);
        tick();
        FakeBackend.FakeProcess p = backend.aliveOf("blue").get(0);
        Files.writeString(p.launch.consoleLog(), "starting\nValueError: model file is corrupt\n");
        p.crash(3);
        tick();
        assertThat(state("blue")).isEqualTo(ProvisioningState.FAILED);
        assertThat(deployment("blue").reason()).contains("exited with code 3 before it was ready")
                .contains("ValueError: model file is corrupt");
        // A failed creation is not retried: the next change of spec is the user's.
        clock.advance(Duration.ofMinutes(5));
        ticks(PATIENCE);
        assertThat(backend.started).hasSize(1);
        assertThat(controller.instances(id("blue"))).extracting(InstanceRecord::state)
                .containsExactly(InstanceState.FAILED);
    }

    @Test
    void aReadyInstanceThatCrashesIsRestartedAfterItsBackoff() {
        FakeBackend.FakeProcess first = blueSucceeds(1).get(0);
        first.crash(137);
        tick();
        assertThat(ready("blue")).isEmpty();
        ticks(4); // 800 ms: the first backoff is 1 s
        assertThat(backend.started).hasSize(1);
        tickUntil(() -> ready("blue").size() == 1);
        assertThat(backend.started).hasSize(2);
        InstanceRecord record = controller.instances(id("blue")).get(0);
        assertThat(record.id()).isEqualTo(first.id);
        assertThat(record.restarts()).isEqualTo(1);
        assertThat(state("blue")).isEqualTo(ProvisioningState.SUCCEEDED);
        assertThat(kinds("blue")).containsSubsequence(Kind.EXITED, Kind.BACK_OFF, Kind.RESTARTED, Kind.READY);
    }

    @Test
    void aChangedModelRollsInstancesOneAtATimeWithoutLosingCapacity() {
        List<String> oldIds = ids(blueSucceeds(3));
        probe.everyoneReady = false;
        update("blue", 3, OTHER_MODEL);
        tick();
        // One new instance starts; nothing old stops until it is ready.
        assertThat(backend.alive()).hasSize(4);
        ticks(PATIENCE);
        assertThat(backend.alive()).hasSize(4);
        assertThat(ready("blue")).hasSize(3);
        probe.everyoneReady = true;
        tickUntil(() -> state("blue") == ProvisioningState.SUCCEEDED);
        assertThat(ready("blue")).hasSize(3).noneMatch(oldIds::contains);
        tickUntil(() -> backend.alive().size() == 3);
        assertThat(backend.alive()).allMatch(p -> p.launch.config().modelDir().endsWith("cd".repeat(32)));
    }

    @Test
    void anUpdateWhoseInstancesCannotStartRollsBackWhileTheOldOnesKeepServing() throws Exception {
        List<String> oldIds = ids(blueSucceeds(2));
        probe.everyoneReady = false;
        backend.alive().forEach(p -> probe.makeReady(p.address()));
        update("blue", 2, OTHER_MODEL);
        tick();
        assertThat(backend.alive()).hasSize(3);
        FakeBackend.FakeProcess fresh = backend.alive().stream().filter(p -> !oldIds.contains(p.id)).findFirst()
                .orElseThrow();
        Files.writeString(fresh.launch.consoleLog(), "RuntimeException: cannot load the new model\n");
        fresh.crash(3);
        tick();

        assertThat(state("blue")).isEqualTo(ProvisioningState.FAILED);
        Deployment d = deployment("blue");
        assertThat(d.reason()).contains("rolled back").contains("cannot load the new model");
        assertThat(d.spec().model().path()).isEqualTo(MODEL);
        assertThat(d.generation()).isEqualTo(3);
        ticks(PATIENCE);
        assertThat(ready("blue")).containsExactlyInAnyOrderElementsOf(oldIds);
        assertThat(backend.alive()).hasSize(2);
        assertThat(kinds("blue")).contains(Kind.ROLLED_BACK);
    }

    @Test
    void aScaleUpWhoseNewInstancesFailRollsBackAndKeepsTheOneThatServes() {
        FakeBackend.FakeProcess serving = blueSucceeds(1).get(0);
        probe.everyoneReady = false;
        probe.makeReady(serving.address());
        update("blue", 3, MODEL);
        tick();
        assertThat(backend.aliveOf("blue")).hasSize(3);
        backend.aliveOf("blue").stream().filter(p -> p != serving).findFirst().orElseThrow().crash(3);
        tick();

        assertThat(state("blue")).isEqualTo(ProvisioningState.FAILED);
        assertThat(deployment("blue").reason()).contains("rolled back");
        assertThat(deployment("blue").spec().instanceCount()).isEqualTo(1);
        tickUntil(() -> backend.aliveOf("blue").size() == 1);
        assertThat(backend.aliveOf("blue")).containsExactly(serving);
        assertThat(ready("blue")).containsExactly(serving.id);
    }

    @Test
    void anInstanceThatNeverGetsReadyFailsTheCreationAtItsDeadline() {
        create("blue", 1, MODEL);
        tick();
        // Azure's defaults: 10 s initial delay + 30 × 10 s period.
        clock.advance(Duration.ofSeconds(309));
        tick();
        assertThat(state("blue")).isEqualTo(ProvisioningState.CREATING);
        clock.advance(Duration.ofSeconds(2));
        tick();
        assertThat(state("blue")).isEqualTo(ProvisioningState.FAILED);
        assertThat(deployment("blue").reason()).contains("did not become ready within 311 s");
        tickUntil(() -> backend.alive().isEmpty());
    }

    @Test
    void aRestartThatCannotStartIsTriedAgainAndTheDeploymentStaysSucceeded() {
        FakeBackend.FakeProcess first = blueSucceeds(1).get(0);
        backend.failStarts = true;
        first.crash(137);
        clock.advance(Duration.ofSeconds(2));
        tickUntil(() -> kinds("blue").contains(Kind.START_FAILED));
        assertThat(state("blue")).isEqualTo(ProvisioningState.SUCCEEDED);
        backend.failStarts = false;
        clock.advance(Duration.ofSeconds(10));
        tickUntil(() -> ready("blue").size() == 1);
        assertThat(state("blue")).isEqualTo(ProvisioningState.SUCCEEDED);
    }

    @Test
    void aRolledBackDeploymentKeepsServingAfterTheControllerRestarts() {
        FakeBackend.FakeProcess survivor = blueSucceeds(1).get(0);
        Deployment succeeded = deployment("blue");
        store.updateDeployment(succeeded.withNewSpec(spec("blue", 1, OTHER_MODEL), clock.instant())
                .rolledBack("it did not work", clock.instant()));
        survivor.crash(137);
        controller.close();
        controller = newController();
        controller.adoptSurvivors();
        tickUntil(() -> ready("blue").size() == 1);
        assertThat(state("blue")).isEqualTo(ProvisioningState.FAILED);
    }

    @Test
    void anInstanceThatFailsItsLivenessChecksIsKilledOnceAndRestarted() {
        probe.everyoneReady = true;
        DeploymentSpec spec = spec("blue", 1, MODEL).toBuilder()
                .livenessProbe(new ProbeSettings(0, 1, 1, 1, 2)).build();
        store.createDeployment(new Deployment(spec, ProvisioningState.CREATING, "", 1, clock.instant(),
                clock.instant()));
        tickUntil(() -> state("blue") == ProvisioningState.SUCCEEDED);
        FakeBackend.FakeProcess hung = backend.aliveOf("blue").get(0);
        hung.slowToDie = true;
        probe.hang(hung.address());
        tickUntil(() -> hung.stopCalls.get() == 1);
        // It takes its time to die: no second kill, no second verdict, however long that takes.
        ticks(PATIENCE);
        assertThat(hung.stopCalls).hasValue(1);
        assertThat(hung.stoppedWithGrace).isEqualTo(Duration.ZERO);
        assertThat(kinds("blue")).containsOnlyOnce(Kind.KILLED);
        hung.crash(137);
        tickUntil(() -> backend.aliveOf("blue").size() == 1 && ready("blue").size() == 1);
        assertThat(controller.instances(id("blue")).get(0).restarts()).isEqualTo(1);
    }

    @Test
    void aReadyInstanceThatFailsItsReadinessChecksLeavesTheRoutingUntilItPassesAgain() {
        DeploymentSpec spec = spec("blue", 1, MODEL).toBuilder()
                .readinessProbe(new ProbeSettings(0, 1, 1, 2, 3)).build();
        store.createDeployment(new Deployment(spec, ProvisioningState.CREATING, "", 1, clock.instant(),
                clock.instant()));
        tick();
        FakeBackend.FakeProcess p = backend.aliveOf("blue").get(0);
        probe.makeReady(p.address());
        tickUntil(() -> ready("blue").size() == 1);
        probe.makeUnready(p.address());
        tickUntil(() -> ready("blue").isEmpty());
        assertThat(eventsOf("blue", Kind.UNREADY)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("3 readiness checks failed"));
        probe.makeReady(p.address());
        tickUntil(() -> ready("blue").size() == 1);
        assertThat(backend.started).hasSize(1);
    }

    @Test
    void aClosedControllerStopsItsInstancesAndStartsNothingMore() {
        blueSucceeds(1);
        controller.close();
        assertThat(backend.alive()).isEmpty();
        create("late", 1, MODEL);
        ticks(PATIENCE);
        assertThat(backend.started).hasSize(1);
    }

    @Test
    void changingOnlyTheInstanceCountScalesWithoutReplacing() {
        String first = blueSucceeds(1).get(0).id;
        update("blue", 3, MODEL);
        tickUntil(() -> state("blue") == ProvisioningState.SUCCEEDED && ready("blue").size() == 3);
        assertThat(backend.started).hasSize(3);
        update("blue", 1, MODEL);
        tickUntil(() -> state("blue") == ProvisioningState.SUCCEEDED && backend.alive().size() == 1);
        assertThat(ready("blue")).hasSize(1);
        assertThat(backend.alive().get(0).id).isEqualTo(first);
        tick();
        assertThat(kinds("blue")).contains(Kind.SCALE_DOWN, Kind.TERMINATING, Kind.STOPPED);
    }

    @Test
    void deletingADeploymentStopsItsInstancesAndForgetsThem() {
        blueSucceeds(2);
        assertThat(tmp.resolve("instances").resolve(EP).resolve("blue")).isDirectory();
        store.deleteDeployment(EP, "blue");
        tickUntil(() -> backend.alive().isEmpty() && controller.instances(id("blue")).isEmpty());
        tick();
        assertThat(store.listInstances()).isEmpty();
        assertThat(tmp.resolve("instances").resolve(EP).resolve("blue")).doesNotExist();
        assertThat(controller.events(id("blue"))).isEmpty();
    }

    @Test
    void publishRoutingAppliesTrafficBeforeItReturnsAndStartsNothing() {
        blueServesEverything();
        assertThat(routing.current().endpoint(EP).traffic().weights()).isEqualTo(Map.of("blue", 100));
        create("green", 1, MODEL);
        controller.publishRouting();
        assertThat(routing.current().endpoint(EP).deployment("green")).isNotNull();
        assertThat(backend.aliveOf("green")).isEmpty();
    }

    @Test
    void aRoutingThatCannotBeBuiltIsReportedToTheCallerAndTheOldOneStays() {
        blueServesEverything();
        long version = routing.current().version();
        storeFails = true;
        assertThatThrownBy(controller::publishRouting).isInstanceOf(SluiceException.class)
                .hasMessageContaining("store is down");
        assertThat(routing.current().version()).isEqualTo(version);
        storeFails = false;
        Endpoint e = store.findEndpoint(EP).orElseThrow();
        store.updateEndpoint(e.withSpec(e.spec().withTraffic(Map.of()), clock.instant()));
        controller.publishRouting();
        assertThat(routing.current().endpoint(EP).traffic().weights()).isEmpty();
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
        survivorOfAKilledServer();
        Controller second = newController();
        second.adoptSurvivors();
        Controller first = controller;
        controller = second;
        tickUntil(() -> second.instances(id("blue")).stream().anyMatch(i -> i.state() == InstanceState.READY));
        assertThat(backend.started).hasSize(1);
        assertThat(second.events(id("blue"))).extracting(InstanceEvent::kind).contains(Kind.ADOPTED, Kind.READY);
        // An adopted worker's cold start happened before this server: none is claimed.
        assertThat(second.events(id("blue"))).filteredOn(e -> e.kind() == Kind.READY)
                .allMatch(e -> e.coldStartMs() == null);
        backend.survivors.clear();
        first.close();
    }

    @Test
    void aControllerClosedBeforeItStartedLeavesEarlierWorkersAlone() {
        FakeBackend.FakeProcess survivor = survivorOfAKilledServer();
        Controller neverStarted = newController();
        neverStarted.close();
        assertThat(survivor.isAlive()).isTrue();
        assertThat(survivor.stopCalls).hasValue(0);
        backend.survivors.clear();
    }

    /** Creates blue with {@code count} instances that all pass readiness, and ticks until it succeeded. */
    private List<FakeBackend.FakeProcess> blueSucceeds(int count) {
        probe.everyoneReady = true;
        create("blue", count, MODEL);
        tickUntil(() -> state("blue") == ProvisioningState.SUCCEEDED);
        return backend.aliveOf("blue");
    }

    /**
     * A Ready instance of blue whose controller died without stopping anything (kill -9): the backend hands the
     * process to the next controller that adopts it.
     */
    private FakeBackend.FakeProcess survivorOfAKilledServer() {
        FakeBackend.FakeProcess survivor = blueSucceeds(1).get(0);
        backend.survivors.put(survivor.id, survivor);
        return survivor;
    }

    /** One Ready instance of blue with all of the endpoint's traffic, published. */
    private void blueServesEverything() {
        blueSucceeds(1);
        Endpoint e = store.findEndpoint(EP).orElseThrow();
        store.updateEndpoint(e.withSpec(e.spec().withTraffic(Map.of("blue", 100)), clock.instant()));
        controller.publishRouting();
    }

    private void tick() {
        clock.advance(TICK);
        controller.reconcileOnce();
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            tick();
        }
    }

    private void tickUntil(BooleanSupplier condition) {
        for (int i = 0; i < PATIENCE && !condition.getAsBoolean(); i++) {
            tick();
        }
        assertThat(condition.getAsBoolean()).as("after %d ticks", PATIENCE).isTrue();
    }

    private void create(String name, int count, String model) {
        store.createDeployment(new Deployment(spec(name, count, model), ProvisioningState.CREATING, "", 1,
                clock.instant(), clock.instant()));
    }

    private void update(String name, int count, String model) {
        store.updateDeployment(deployment(name).withNewSpec(spec(name, count, model), clock.instant()));
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

    private List<InstanceEvent> eventsOf(String name, Kind kind) {
        return controller.events(id(name)).stream().filter(e -> e.kind() == kind).toList();
    }

    private List<Kind> kinds(String name) {
        return controller.events(id(name)).stream().map(InstanceEvent::kind).toList();
    }

    private static List<String> ids(List<FakeBackend.FakeProcess> processes) {
        return processes.stream().map(p -> p.id).toList();
    }

    /** The ids of the deployment's instances in the published routing. */
    private List<String> ready(String name) {
        EndpointRoute e = routing.current().endpoint(EP);
        DeploymentRoute d = e == null ? null : e.deployment(name);
        return d == null ? List.of() : d.readyInstances().stream().map(InstanceRoute::id).toList();
    }

    /** The in-memory store, but every read of endpoints fails while {@link #storeFails} is set. */
    private Store failingWhenAsked(Store delegate) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (storeFails && method.getName().equals("listEndpoints")) {
                        throw SluiceException.of(ErrorCode.INTERNAL, "the store is down");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
