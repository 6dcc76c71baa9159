package dev.sluice.core.routing;

import java.time.Duration;
import java.util.List;

/**
 * What the gateway needs of one deployment: its request settings and the instances that are Ready now.
 *
 * @param maxConcurrentPerInstance {@code max_concurrent_requests_per_instance}; the gateway answers 429 beyond
 *                                 twice this times the ready instances
 */
public record DeploymentRoute(String name, Duration requestTimeout, int maxConcurrentPerInstance,
                              Duration maxQueueWait, List<InstanceRoute> readyInstances) {

    public DeploymentRoute {
        readyInstances = List.copyOf(readyInstances);
    }
}
