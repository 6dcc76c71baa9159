package dev.sluice.core.routing;

import java.time.Duration;
import java.util.List;

/**
 * What the gateway needs of one deployment: its request settings and the instances that are Ready now.
 *
 * @param maxConcurrentPerInstance {@code max_concurrent_requests_per_instance}; the gateway answers 429 beyond
 *                                 twice this times the ready instances
 * @param startsOnDemand           with no instance Ready, a request waits (up to the request timeout) while the
 *                                 autoscaler starts one, rather than getting 503 at once
 */
public record DeploymentRoute(String name, Duration requestTimeout, int maxConcurrentPerInstance,
                              Duration maxQueueWait, List<InstanceRoute> readyInstances, boolean startsOnDemand) {

    public DeploymentRoute {
        readyInstances = List.copyOf(readyInstances);
    }

    /** A deployment whose instances do not start on demand. */
    public DeploymentRoute(String name, Duration requestTimeout, int maxConcurrentPerInstance, Duration maxQueueWait,
                           List<InstanceRoute> readyInstances) {
        this(name, requestTimeout, maxConcurrentPerInstance, maxQueueWait, readyInstances, false);
    }
}
