package dev.sluice.controlplane.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.metrics.MetricStore;
import dev.sluice.controlplane.service.FakeRuntime;
import dev.sluice.controlplane.service.MutableClock;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.core.metrics.DemandBoard;
import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.core.metrics.LatencyHistogram;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.routing.OnDemandDeployments;
import dev.sluice.core.spec.RequestSettings;
import dev.sluice.core.spec.ScaleSettings;
import dev.sluice.core.testing.Samples;
import dev.sluice.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autoscaler stepped tick by tick on a clock the test moves, over the real store and fake traffic. */
class AutoscalerTest {

    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    private JdbcStore store;
    private final FakeRuntime runtime = new FakeRuntime();
    private final MutableClock clock = new MutableClock(T0);
    private final OnDemandDeployments onDemand = OnDemandDeployments.create();
    private final DemandBoard demand = DemandBoard.create();
    private volatile int inFlight;
    private Autoscaler autoscaler;

    @BeforeEach
    void setUp() {
        store = JdbcStore.sqlite(dir.resolve("sluice.db"));
        store.createEndpoint(Samples.endpoint("shop"));
        TrafficReadings traffic = new TrafficReadings() {
            @Override
            public DeploymentTraffic deployment(String endpoint, String deployment) {
                return new DeploymentTraffic(0, LatencyHistogram.Counts.EMPTY, LatencyHistogram.Counts.EMPTY, inFlight);
            }

            @Override
            public int inFlight(String instanceId) {
                return 0;
            }
        };
        AutoscaleSettings settings = AutoscaleSettings.create(store, store.autoscale(),
                AutoscaleSettingReader.create(ZoneResolver.iana()), clock);
        autoscaler = Autoscaler.create(new Autoscaler.Sources(store, store.autoscale(), runtime, traffic,
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

    /** Blue, Succeeded, with target_utilization 1 or 0..3 at 4 requests per instance and 70%. */
    private void deploy(int minInstances, int count) {
        Deployment sample = Samples.deployment("shop", "blue");
        store.createDeployment(new Deployment(sample.spec().toBuilder().instanceCount(count)
                .requestSettings(new RequestSettings(5000, 4, 500))
                .scaleSettings(new ScaleSettings(ScaleSettings.TARGET_UTILIZATION, minInstances, 3, 1, 70)).build(),
                ProvisioningState.SUCCEEDED, "", 1, T0, T0));
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
