package dev.sluice.core.routing;

import java.util.Map;

/**
 * Everything the gateway needs to serve one endpoint, frozen: credentials, the traffic schedule, the mirror
 * (or null) and each deployment's ready instances.
 */
public record EndpointRoute(String name, EndpointCredentials credentials, TrafficSchedule traffic,
                            MirrorSchedule mirror, Map<String, DeploymentRoute> deployments) {

    public EndpointRoute {
        deployments = Map.copyOf(deployments);
    }

    public DeploymentRoute deployment(String deploymentName) {
        return deployments.get(deploymentName);
    }
}
