package dev.sluice.core.metrics;

/**
 * What the gateway measures of live traffic, for the control plane's metrics and autoscaling. The gateway
 * implements it; the control plane reads it, never the other way round. Reads are cheap and never block.
 */
public interface TrafficReadings {

    /** The deployment's traffic so far; {@link DeploymentTraffic#NONE} for a deployment that had none. */
    DeploymentTraffic deployment(String endpoint, String deployment);

    /** Requests the gateway has in flight at the instance now. */
    int inFlight(String instanceId);
}
