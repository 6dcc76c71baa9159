package dev.sluice.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.spec.RequestSettings;
import dev.sluice.core.testing.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotBuilderTest {

    private static final InstanceRoute BLUE_1 = InstanceRoute.tcp("blue-1", "127.0.0.1", 4001);
    private static final InstanceRoute BLUE_2 = InstanceRoute.tcp("blue-2", "127.0.0.1", 4002);
    private static final InstanceRoute GREEN_1 = InstanceRoute.tcp("green-1", "127.0.0.1", 4003);

    private static Map<String, Integer> weights(Object... pairs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return out;
    }

    private static Endpoint endpoint(String name, Map<String, Integer> traffic, Map<String, Integer> mirror) {
        Endpoint base = Samples.endpoint(name);
        return base.withSpec(base.spec().withTraffic(traffic).withMirrorTraffic(mirror), Instant.EPOCH);
    }

    private static final List<Deployment> DEPLOYMENTS = List.of(
            Samples.deployment("shop", "blue"), Samples.deployment("shop", "green"), Samples.deployment("shop", "amber"));

    private static RoutingSnapshot build(RoutingSnapshot previous, Endpoint endpoint,
                                         Map<DeploymentId, List<InstanceRoute>> ready) {
        return SnapshotBuilder.build(previous, List.of(endpoint), DEPLOYMENTS, ready);
    }

    @Test
    void buildsRoutesForEveryEndpointAndDeployment() {
        Endpoint shop = endpoint("shop", weights("blue", 90, "green", 10), weights("amber", 20));
        Endpoint empty = Samples.endpoint("empty");
        RoutingSnapshot snapshot = SnapshotBuilder.build(RoutingSnapshot.EMPTY, List.of(shop, empty), DEPLOYMENTS,
                Map.of(new DeploymentId("shop", "blue"), List.of(BLUE_1, BLUE_2),
                        new DeploymentId("shop", "green"), List.of(GREEN_1)));

        EndpointRoute route = snapshot.endpoint("shop");
        assertThat(route.name()).isEqualTo("shop");
        assertThat(route.traffic().weights()).containsOnly(Map.entry("blue", 90), Map.entry("green", 10));
        assertThat(route.mirror().deployment()).isEqualTo("amber");
        assertThat(route.mirror().percent()).isEqualTo(20);
        assertThat(route.deployments()).containsOnlyKeys("blue", "green", "amber");
        assertThat(route.deployment("blue").readyInstances()).containsExactly(BLUE_1, BLUE_2);
        assertThat(route.deployment("green").readyInstances()).containsExactly(GREEN_1);
        assertThat(route.credentials().matches(shop.keys().primaryKey())).isTrue();
        assertThat(route.credentials().matches(shop.keys().secondaryKey())).isTrue();
        assertThat(route.credentials().matches(empty.keys().primaryKey())).isFalse();

        EndpointRoute emptyRoute = snapshot.endpoint("empty");
        assertThat(emptyRoute.deployments()).isEmpty();
        assertThat(emptyRoute.traffic().isEmpty()).isTrue();
        assertThat(emptyRoute.mirror()).isNull();
        assertThat(snapshot.endpoint("nope")).isNull();
    }

    @Test
    void deploymentRouteCarriesRequestSettings() {
        Deployment tuned = new Deployment(Samples.deployment("shop", "blue").spec().toBuilder()
                .requestSettings(new RequestSettings(1500, 4, null)).build(),
                Samples.deployment("shop", "blue").state(), "", 1, Instant.EPOCH, Instant.EPOCH);
        RoutingSnapshot snapshot = SnapshotBuilder.build(RoutingSnapshot.EMPTY,
                List.of(Samples.endpoint("shop")), List.of(tuned), Map.of());

        DeploymentRoute route = snapshot.endpoint("shop").deployment("blue");
        assertThat(route.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(route.maxConcurrentPerInstance()).isEqualTo(4);
        assertThat(route.maxQueueWait()).isEqualTo(Duration.ofMillis(RequestSettings.DEFAULT_MAX_QUEUE_WAIT_MS));
    }

    @Test
    void deploymentsWithoutReadyInstancesHaveEmptyLists() {
        RoutingSnapshot snapshot = build(RoutingSnapshot.EMPTY, endpoint("shop", weights("blue", 100), Map.of()),
                Map.of(new DeploymentId("shop", "blue"), List.of(BLUE_1)));

        assertThat(snapshot.endpoint("shop").deployment("green").readyInstances()).isEmpty();
        assertThat(snapshot.endpoint("shop").deployment("amber").readyInstances()).isEmpty();
        assertThat(snapshot.endpoint("shop").deployment("blue").readyInstances()).containsExactly(BLUE_1);
    }

    @Test
    void readyInstancesOfAnotherEndpointDoNotLeakIn() {
        RoutingSnapshot snapshot = build(RoutingSnapshot.EMPTY, endpoint("shop", weights("blue", 100), Map.of()),
                Map.of(new DeploymentId("other", "blue"), List.of(BLUE_1)));
        assertThat(snapshot.endpoint("shop").deployment("blue").readyInstances()).isEmpty();
    }

    @Test
    void versionIncrements() {
        Endpoint shop = endpoint("shop", weights("blue", 100), Map.of());
        RoutingSnapshot first = build(RoutingSnapshot.EMPTY, shop, Map.of());
        RoutingSnapshot second = build(first, shop, Map.of());
        assertThat(first.version()).isEqualTo(RoutingSnapshot.EMPTY.version() + 1);
        assertThat(second.version()).isEqualTo(first.version() + 1);
    }

    @Test
    void unchangedWeightsKeepTheSameSchedulesSoThePositionContinues() {
        Endpoint shop = endpoint("shop", weights("blue", 70, "green", 30), weights("amber", 10));
        RoutingSnapshot first = build(RoutingSnapshot.EMPTY, shop, Map.of());
        TrafficSchedule traffic = first.endpoint("shop").traffic();
        MirrorSchedule mirror = first.endpoint("shop").mirror();
        for (int i = 0; i < 42; i++) {
            traffic.next();
        }
        // An instance turned Ready: the controller publishes again with the same weights.
        RoutingSnapshot second = build(first, shop, Map.of(new DeploymentId("shop", "blue"), List.of(BLUE_1)));

        assertThat(second.endpoint("shop").traffic()).isSameAs(traffic);
        assertThat(second.endpoint("shop").mirror()).isSameAs(mirror);
        assertThat(second.endpoint("shop").deployment("blue").readyInstances()).containsExactly(BLUE_1);
        // Over the first 100 requests across both snapshots the split is still exact.
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < 58; i++) {
            counts.merge(second.endpoint("shop").traffic().next(), 1, Integer::sum);
        }
        TrafficSchedule fresh = TrafficSchedule.of(weights("blue", 70, "green", 30));
        Map<String, Integer> expected = new java.util.HashMap<>();
        for (int i = 0; i < 100; i++) {
            String pick = fresh.next();
            if (i >= 42) {
                expected.merge(pick, 1, Integer::sum);
            }
        }
        assertThat(counts).isEqualTo(expected);
    }

    @Test
    void changedWeightsGetNewSchedules() {
        RoutingSnapshot first = build(RoutingSnapshot.EMPTY,
                endpoint("shop", weights("blue", 70, "green", 30), weights("amber", 10)), Map.of());
        RoutingSnapshot second = build(first,
                endpoint("shop", weights("blue", 50, "green", 50), weights("amber", 20)), Map.of());

        assertThat(second.endpoint("shop").traffic()).isNotSameAs(first.endpoint("shop").traffic());
        assertThat(second.endpoint("shop").traffic().weights()).containsOnly(Map.entry("blue", 50), Map.entry("green", 50));
        assertThat(second.endpoint("shop").mirror()).isNotSameAs(first.endpoint("shop").mirror());
        assertThat(second.endpoint("shop").mirror().percent()).isEqualTo(20);
    }

    @Test
    void mirrorMovingToAnotherDeploymentOrAwayIsNoticed() {
        RoutingSnapshot first = build(RoutingSnapshot.EMPTY,
                endpoint("shop", weights("blue", 100), weights("green", 10)), Map.of());
        RoutingSnapshot moved = build(first, endpoint("shop", weights("blue", 100), weights("amber", 10)), Map.of());
        RoutingSnapshot stopped = build(moved, endpoint("shop", weights("blue", 100), weights("amber", 0)), Map.of());

        assertThat(moved.endpoint("shop").mirror().deployment()).isEqualTo("amber");
        assertThat(moved.endpoint("shop").traffic()).isSameAs(first.endpoint("shop").traffic());
        assertThat(stopped.endpoint("shop").mirror()).isNull();
    }

    @Test
    void deletedEndpointsDisappear() {
        RoutingSnapshot first = SnapshotBuilder.build(RoutingSnapshot.EMPTY,
                List.of(Samples.endpoint("shop"), Samples.endpoint("gone")), DEPLOYMENTS, Map.of());
        RoutingSnapshot second = SnapshotBuilder.build(first, List.of(Samples.endpoint("shop")), DEPLOYMENTS, Map.of());
        assertThat(first.endpoints()).containsOnlyKeys("shop", "gone");
        assertThat(second.endpoints()).containsOnlyKeys("shop");
    }

    @Test
    void atomicRoutingTableSwapsSnapshots() {
        AtomicRoutingTable table = AtomicRoutingTable.create();
        assertThat(table.current()).isSameAs(RoutingSnapshot.EMPTY);
        RoutingSnapshot next = build(RoutingSnapshot.EMPTY, Samples.endpoint("shop"), Map.of());
        table.publish(next);
        assertThat(table.current()).isSameAs(next);
    }
}
