package dev.sluice.gateway.balance;

import dev.sluice.gateway.metrics.GatewayMetrics;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link DeploymentState} of every (endpoint, deployment) seen so far, found without building keys. */
public final class DeploymentStates {

    private final GatewayMetrics metrics;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, DeploymentState>> byEndpoint =
            new ConcurrentHashMap<>();

    private DeploymentStates(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    public static DeploymentStates create(GatewayMetrics metrics) {
        return new DeploymentStates(metrics);
    }

    public DeploymentState get(String endpoint, String deployment) {
        ConcurrentHashMap<String, DeploymentState> deployments = byEndpoint.get(endpoint);
        if (deployments == null) {
            deployments = byEndpoint.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
        }
        DeploymentState state = deployments.get(deployment);
        if (state == null) {
            state = deployments.computeIfAbsent(deployment, d -> new DeploymentState(endpoint, d, metrics));
        }
        return state;
    }
}
