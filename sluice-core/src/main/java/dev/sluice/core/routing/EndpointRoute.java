package dev.sluice.core.routing;

import java.util.Map;

/**
 * Everything the gateway needs to serve one endpoint, frozen: credentials, who may call it ({@link EndpointPolicy}),
 * the traffic schedule, the mirror (or null) and each deployment's ready instances.
 */
public record EndpointRoute(String name, EndpointCredentials credentials, TrafficSchedule traffic,
                            MirrorSchedule mirror, Map<String, DeploymentRoute> deployments, EndpointPolicy policy) {

    public EndpointRoute {
        deployments = Map.copyOf(deployments);
        policy = policy == null ? EndpointPolicy.KEY : policy;
    }

    /** A key-auth endpoint open to every network, at the default rate. */
    public EndpointRoute(String name, EndpointCredentials credentials, TrafficSchedule traffic, MirrorSchedule mirror,
                         Map<String, DeploymentRoute> deployments) {
        this(name, credentials, traffic, mirror, deployments, EndpointPolicy.KEY);
    }

    public DeploymentRoute deployment(String deploymentName) {
        return deployments.get(deploymentName);
    }
}
