package dev.sluice.controlplane.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.controlplane.metrics.MetricStore;
import dev.sluice.controlplane.service.FakeRuntime;
import dev.sluice.controlplane.service.MutableClock;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.metrics.DemandBoard;
import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.core.metrics.LatencyHistogram;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.routing.OnDemandDeployments;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.RequestSettings;
import dev.sluice.core.spec.ScaleSettings;
import dev.sluice.core.store.AutoscaleStore;
import dev.sluice.core.store.Store;
import dev.sluice.core.testing.Samples;
import dev.sluice.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autoscaler stepped tick by tick on a clock the test moves, over the real store and fake traffic. */
class AutoscalerTest {

    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ZERO_TO_TWO = """
            {"profiles": [{"name": "default", "capacity": {"minimum": "0", "maximum": "2", "default": "0"},
              "rules": []}]}
            """;

    @TempDir
    Path dir;
    private JdbcStore store;
    private final FakeRuntime runtime = new FakeRuntime();
    private final MutableClock clock = new MutableClock(T0);
    private final OnDemandDeployments onDemand = OnDemandDeployments.create();
    private final DemandBoard demand = DemandBoard.create();
    private volatile int inFlight;
    private TrafficReadings traffic;
    private Autoscaler autoscaler;

    @BeforeEach
    void setUp() {
        store = JdbcStore.sqlite(dir.resolve("sluice.db"));
        store.createEndpoint(Samples.endpoint("shop"));
        traffic = new TrafficReadings() {
            @Override
            public DeploymentTraffic deployment(String endpoint, String deployment) {
                return new DeploymentTraffic(0, LatencyHistogram.Counts.EMPTY, LatencyHistogram.Counts.EMPTY, inFlight);
            }

            @Override
            public int inFlight(String instanceId) {
                return 0;
            }
        };
        autoscaler = autoscaler(store, store.autoscale());
    }

    /** An autoscaler over these stores (the real ones, or ones that fail on purpose). */
    private Autoscaler autoscaler(Store deployments, AutoscaleStore autoscale) {
        AutoscaleSettings settings = AutoscaleSettings.create(deployments, autoscale,
                AutoscaleSettingReader.create(ZoneResolver.iana()), clock);
        return Autoscaler.create(new Autoscaler.Sources(deployments, autoscale, runtime, traffic,
                MetricStore.create(store.metricArchive())), settings, ZoneResolver.iana(), onDemand, demand, clock);
    }

    @AfterEach
    void tearDown() {
        autoscaler.close();
        store.close();
    }

    @Test
    void targetUtilizationScalesUpToWhatTheLoadNeedsAndRecordsWhy() {
        deploy(1, 1);
        inFlight = 8;
        ticks(12);

        assertThat(count()).isEqualTo(3);
        assertThat(store.autoscale().history(BLUE, 10)).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo("target_utilization");
            assertThat(d.from()).isEqualTo(1);
            assertThat(d.to()).isEqualTo(3);
            assertThat(d.trigger()).contains("8.0 requests in flight");
            assertThat(d.outcome()).isEqualTo("applied");
        });
        assertThat(runtime.wakes.get()).isPositive();
        Deployment scaled = store.findDeployment("shop", "blue").orElseThrow();
        assertThat(scaled.state()).isEqualTo(ProvisioningState.UPDATING);
        assertThat(scaled.generation()).isEqualTo(2);
    }

    @Test
    void aFailedDeploymentIsLeftAloneAndTheHistorySaysSoOnce() {
        deploy(1, 1);
        store.updateDeploymentState(BLUE, 1, ProvisioningState.FAILED, "instance blue-1 exited with code 3",
                clock.instant());
        inFlight = 8;
        ticks(20);

        assertThat(count()).isEqualTo(1);
        assertThat(store.autoscale().history(BLUE, 10)).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo("not scaling until its spec changes");
            assertThat(d.values()).contains("exited with code 3");
        });
    }

    @Test
    void aDeploymentScaledToZeroIsOnDemandAndARequestWaitingStartsAnInstance() {
        deploy(0, 0);
        ticks(1);
        assertThat(onDemand.current()).containsExactly(BLUE);
        assertThat(runtime.publications.get()).isEqualTo(1);
        ticks(10);
        assertThat(count()).isZero();

        demand.waiting("shop", "blue");
        ticks(1);

        assertThat(count()).isEqualTo(1);
        assertThat(store.autoscale().history(BLUE, 10)).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo("scale from zero");
            assertThat(d.to()).isEqualTo(1);
        });
        // The instance it started is kept at least a scale-down window, however quiet the next seconds are.
        ticks(4 * 15);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void anIdleDeploymentWithMinimumZeroGoesToZeroAfterAWholeWindow() {
        deploy(0, 1);
        ticks(4 * 20);
        assertThat(count()).isEqualTo(1);
        ticks(4 * 3);
        assertThat(count()).isZero();
        assertThat(store.autoscale().history(BLUE, 10)).last().satisfies(d -> assertThat(d.trigger())
                .contains("at most 0 wanted during the last 20 s"));
    }

    @Test
    void aWakeUpSignalIsKeptWhenTheLookFailsAndActedOnAtTheNextTick() {
        AtomicInteger failures = new AtomicInteger(1);
        autoscaler.close();
        autoscaler = autoscaler(Failing.in(Store.class, store, "listAllDeployments", args -> {
            if (failures.getAndDecrement() > 0) {
                throw SluiceException.of(ErrorCode.INTERNAL, "store: list deployments failed");
            }
            return null;
        }), store.autoscale());
        failures.set(0);
        deploy(0, 0);
        ticks(4);

        demand.waiting("shop", "blue");
        failures.set(1);
        clock.advance(Duration.ofMillis(250));
        assertThatThrownBy(autoscaler::tick).hasMessageContaining("list deployments failed");
        assertThat(count()).isZero();
        ticks(1);

        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aWakeUpThatLosesTheWriteIsRecordedAndTriedAgain() {
        AtomicInteger losses = new AtomicInteger(1);
        autoscaler.close();
        autoscaler = autoscaler(Failing.in(Store.class, store, "replaceDeploymentSpec",
                args -> losses.getAndDecrement() > 0 ? Boolean.FALSE : null), store.autoscale());
        deploy(0, 0);
        ticks(4);

        demand.waiting("shop", "blue");
        ticks(1);
        assertThat(count()).isZero();
        ticks(1);

        assertThat(count()).isEqualTo(1);
        assertThat(store.autoscale().history(BLUE, 10)).extracting(AutoscaleStore.Decision::outcome).containsExactly(
                "not applied: generation 1 changed meanwhile; decided again on the next look", "applied");
    }

    @Test
    void aWakeUpForADeploymentStillCreatingWaitsForItButNotLongerThanTheRequestsWait() {
        store.createDeployment(new Deployment(tuSpec(0, 0), ProvisioningState.CREATING, "", 1, T0, T0));
        ticks(4);
        demand.waiting("shop", "blue");
        ticks(8);
        assertThat(count()).isZero();

        store.updateDeploymentState(BLUE, 1, ProvisioningState.SUCCEEDED, "", clock.instant());
        ticks(1);
        assertThat(count()).as("the signal was kept while it was Creating").isEqualTo(1);
    }

    @Test
    void aSignalOlderThanTheRequestTimeoutIsDropped() {
        store.createDeployment(new Deployment(tuSpec(0, 0), ProvisioningState.CREATING, "", 1, T0, T0));
        ticks(4);
        demand.waiting("shop", "blue");
        ticks(4 * 6); // the requests time out after 5 s

        store.updateDeploymentState(BLUE, 1, ProvisioningState.SUCCEEDED, "", clock.instant());
        ticks(4);
        assertThat(count()).isZero();
    }

    @Test
    void aSettingThatNoLongerReadsStopsOnlyItsOwnDeploymentAndIsRecordedOnce() {
        store.createDeployment(new Deployment(Samples.deployment("shop", "amber").spec(), ProvisioningState.SUCCEEDED,
                "", 1, T0, T0));
        DeploymentId amber = new DeploymentId("shop", "amber");
        store.autoscale().createSetting(amber, "{\"profiles\": 7}", T0); // written when it still read
        deploy(1, 1);
        inFlight = 8;
        ticks(12);

        assertThat(count()).isEqualTo(3);
        assertThat(store.autoscale().history(amber, 10)).singleElement().satisfies(d -> {
            assertThat(d.trigger()).isEqualTo("its scale settings cannot be read");
            assertThat(d.values()).contains("profiles");
        });
    }

    @Test
    void aPolicyThatCannotBeRebuiltForAMomentKeepsTheOneReadBefore() {
        AtomicInteger failures = new AtomicInteger();
        autoscaler.close();
        autoscaler = autoscaler(store, Failing.in(AutoscaleStore.class, store.autoscale(), "history", args -> {
            if (failures.get() > 0) {
                throw SluiceException.of(ErrorCode.INTERNAL, "store: read the autoscale history failed");
            }
            return null;
        }));
        deployWithSetting(0, ZERO_TO_TWO);
        ticks(4);
        assertThat(onDemand.current()).containsExactly(BLUE);

        failures.set(1);
        store.autoscale().replaceSetting(BLUE, ZERO_TO_TWO, clock.instant()); // a new setting: the policy is rebuilt
        ticks(8);

        assertThat(onDemand.current()).as("still held and woken by the setting read before").containsExactly(BLUE);
        assertThat(store.autoscale().history(BLUE, 10)).singleElement().satisfies(d -> {
            assertThat(d.trigger()).isEqualTo("its scale settings cannot be read");
            assertThat(d.outcome()).isEqualTo("scaling by what was read before");
        });
    }

    @Test
    void aDecisionThatCannotBeRecordedDoesNotStopTheOtherDeployments() {
        autoscaler.close();
        autoscaler = autoscaler(store, Failing.in(AutoscaleStore.class, store.autoscale(), "appendDecision", args -> {
            if (((AutoscaleStore.Decision) args[0]).deployment().equals(BLUE)) {
                throw SluiceException.notFound("deployment 'shop/blue'");
            }
            return null;
        }));
        deploy(1, 1);
        store.createDeployment(new Deployment(tuSpec(1, 1).toBuilder().name("green").build(),
                ProvisioningState.SUCCEEDED, "", 1, T0, T0));
        inFlight = 8;
        ticks(12);

        assertThat(count()).isEqualTo(3);
        assertThat(store.findDeployment("shop", "green").orElseThrow().spec().instanceCountOrDefault()).isEqualTo(3);
        assertThat(store.autoscale().history(new DeploymentId("shop", "green"), 10)).hasSize(1);
    }

    @Test
    void aDisabledSettingNeitherHoldsRequestsNorWakesAndSaysWhyOnce() {
        assertNoWake("""
                {"enabled": false, "profiles": [{"name": "default",
                  "capacity": {"minimum": "0", "maximum": "2", "default": "0"}, "rules": []}]}
                """, "not applied: the autoscale setting is disabled");
    }

    @Test
    void aProfileThatAllowsNoInstanceDoesNotWake() {
        assertNoWake("""
                {"profiles": [{"name": "off", "capacity": {"minimum": "0", "maximum": "0", "default": "0"},
                  "rules": []}]}
                """, "not applied: profile off (default profile) allows no instance: capacity 0..0 (default 0)");
    }

    /** Blue at zero with this setting is not on demand, a waiting request starts nothing, and the history says why. */
    private void assertNoWake(String setting, String outcome) {
        deployWithSetting(0, setting);
        ticks(4);
        assertThat(onDemand.current()).isEmpty();

        demand.waiting("shop", "blue");
        ticks(4 * 15);

        assertThat(count()).isZero();
        assertThat(store.autoscale().history(BLUE, 10)).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo("scale from zero");
            assertThat(d.outcome()).isEqualTo(outcome);
        });
    }

    @Test
    void aSettingThatMayWakeHoldsRequestsAndStartsAnInstanceForThem() {
        deployWithSetting(0, ZERO_TO_TWO);
        ticks(4);
        assertThat(onDemand.current()).containsExactly(BLUE);

        demand.waiting("shop", "blue");
        ticks(4 * 15);

        assertThat(count()).isEqualTo(1);
        assertThat(store.autoscale().history(BLUE, 10)).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo("scale from zero");
            assertThat(d.outcome()).isEqualTo("applied");
        });
    }

    /** Blue, Succeeded, scaled by an Azure autoscale setting (stored as given). */
    private void deployWithSetting(int count, String setting) {
        Deployment sample = Samples.deployment("shop", "blue");
        store.createDeployment(new Deployment(sample.spec().toBuilder().instanceCount(count)
                .requestSettings(new RequestSettings(5000, 4, 500)).build(), ProvisioningState.SUCCEEDED, "", 1, T0, T0));
        store.autoscale().createSetting(BLUE, setting, T0);
    }

    /** Blue, Succeeded, with target_utilization 1 or 0..3 at 4 requests per instance and 70%. */
    private void deploy(int minInstances, int count) {
        store.createDeployment(new Deployment(tuSpec(minInstances, count), ProvisioningState.SUCCEEDED, "", 1, T0, T0));
    }

    private static DeploymentSpec tuSpec(int minInstances, int count) {
        return Samples.deployment("shop", "blue").spec().toBuilder().instanceCount(count)
                .requestSettings(new RequestSettings(5000, 4, 500))
                .scaleSettings(new ScaleSettings(ScaleSettings.TARGET_UTILIZATION, minInstances, 3, 1, 70)).build();
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMillis(250));
            autoscaler.tick();
        }
    }

    private int count() {
        return store.findDeployment("shop", "blue").orElseThrow().spec().instanceCountOrDefault();
    }
}
