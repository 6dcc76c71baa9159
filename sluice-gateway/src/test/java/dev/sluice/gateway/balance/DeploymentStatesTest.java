package dev.sluice.gateway.balance;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.metrics.Traffic;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeploymentStatesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = GatewayMetrics.create(registry);
    private final DeploymentStates states = DeploymentStates.create(metrics);

    @Test
    void aDeploymentThatLeavesTheRoutingTakesItsMetersWithIt() {
        states.observe(snapshot(1, shop("blue", "green")));
        use("blue");
        use("green");
        states.get("shop", "green").mirrorDropped().increment();
        assertThat(deploymentsWithMeters()).containsExactly("blue", "green");

        states.observe(snapshot(2, shop("blue")));

        assertThat(deploymentsWithMeters()).containsExactly("blue");
        assertThat(registry.find("sluice.requests").tag("deployment", "blue").counter().count()).isEqualTo(1);
    }

    @Test
    void aDeletedEndpointTakesItsRefusedRequestsSeriesToo() {
        states.observe(snapshot(1, shop("blue")));
        metrics.unrouted("shop").record(401, System.nanoTime());
        metrics.unrouted("").record(404, System.nanoTime());

        states.observe(snapshot(2));

        assertThat(endpointsWithMeters()).containsExactly("");
    }

    @Test
    void aRequestOnAnOlderSnapshotDoesNotBringADeletedDeploymentsMetersBack() {
        states.observe(snapshot(1, shop("blue", "green")));
        states.observe(snapshot(2, shop("blue")));

        use("green");
        metrics.unrouted("gone").record(401, System.nanoTime());

        assertThat(deploymentsWithMeters()).doesNotContain("green");
        assertThat(endpointsWithMeters()).doesNotContain("gone");
    }

    @Test
    void anOlderSnapshotSeenLateDoesNotUndoANewerOne() {
        states.observe(snapshot(2, shop("blue", "green")));
        use("green");

        states.observe(snapshot(1, shop("blue")));

        assertThat(deploymentsWithMeters()).contains("green");
    }

    private void use(String deployment) {
        DeploymentState state = states.get("shop", deployment);
        state.meters(Traffic.LIVE).record(200, System.nanoTime());
        state.meters(Traffic.MIRROR).record(200, System.nanoTime());
    }

    private Set<String> deploymentsWithMeters() {
        return tagValues("deployment").stream().filter(d -> !d.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> endpointsWithMeters() {
        return tagValues("endpoint");
    }

    private Set<String> tagValues(String tag) {
        Set<String> values = new TreeSet<>();
        for (Meter meter : registry.getMeters()) {
            String value = meter.getId().getTag(tag);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static EndpointRoute shop(String... deployments) {
        return endpoint("shop", traffic(), null, Arrays.stream(deployments).map(d -> deployment(d))
                .toArray(dev.sluice.core.routing.DeploymentRoute[]::new));
    }

    private static RoutingSnapshot snapshot(long version, EndpointRoute... endpoints) {
        return new RoutingSnapshot(version, Arrays.stream(endpoints)
                .collect(Collectors.toMap(EndpointRoute::name, e -> e)));
    }
}
