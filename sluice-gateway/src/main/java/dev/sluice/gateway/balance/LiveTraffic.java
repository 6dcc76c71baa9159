package dev.sluice.gateway.balance;

import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.core.metrics.TrafficReadings;

/** What the gateway counts of live traffic, read by the control plane; reading never creates state or meters. */
public final class LiveTraffic implements TrafficReadings {

    private final DeploymentStates states;
    private final InstanceLoad load;

    public LiveTraffic(DeploymentStates states, InstanceLoad load) {
        this.states = states;
        this.load = load;
    }

    @Override
    public DeploymentTraffic deployment(String endpoint, String deployment) {
        DeploymentState state = states.find(endpoint, deployment);
        return state == null ? DeploymentTraffic.NONE : state.traffic();
    }

    @Override
    public int inFlight(String instanceId) {
        return load.outstanding(instanceId);
    }
}
