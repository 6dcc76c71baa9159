package dev.sluice.gateway.testkit;

import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.EndpointCredentials;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.routing.MirrorSchedule;
import dev.sluice.core.routing.TrafficSchedule;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for routing snapshots in tests. */
public final class Routes {

    public static final String PRIMARY_KEY = "primary-key-0123456789";
    public static final String SECONDARY_KEY = "secondary-key-9876543210";

    private Routes() {
    }

    public static DeploymentRoute deployment(String name, InstanceRoute... instances) {
        return deployment(name, Duration.ofSeconds(5), 8, instances);
    }

    public static DeploymentRoute deployment(String name, Duration timeout, int maxConcurrent,
                                             InstanceRoute... instances) {
        return new DeploymentRoute(name, timeout, maxConcurrent, Duration.ofMillis(500), Arrays.asList(instances));
    }

    /** A deployment scaled to zero: no instance ready, and requests wait for one to start. */
    public static DeploymentRoute onDemand(String name, Duration timeout, InstanceRoute... instances) {
        return onDemand(name, timeout, 8, instances);
    }

    /** A deployment scaled to zero with {@code max_concurrent_requests_per_instance} given. */
    public static DeploymentRoute onDemand(String name, Duration timeout, int maxConcurrent,
                                           InstanceRoute... instances) {
        return new DeploymentRoute(name, timeout, maxConcurrent, Duration.ofMillis(500), Arrays.asList(instances),
                true);
    }

    /** An endpoint with the test keys; {@code traffic} as "blue", 70, "green", 30. */
    public static EndpointRoute endpoint(String name, Map<String, Integer> traffic, MirrorSchedule mirror,
                                         DeploymentRoute... deployments) {
        Map<String, DeploymentRoute> byName = new LinkedHashMap<>();
        for (DeploymentRoute d : deployments) {
            byName.put(d.name(), d);
        }
        return new EndpointRoute(name, EndpointCredentials.ofKeys(PRIMARY_KEY, SECONDARY_KEY),
                TrafficSchedule.of(traffic), mirror, byName);
    }

    public static Map<String, Integer> traffic(Object... nameThenWeight) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenWeight.length; i += 2) {
            map.put((String) nameThenWeight[i], (Integer) nameThenWeight[i + 1]);
        }
        return map;
    }
}
