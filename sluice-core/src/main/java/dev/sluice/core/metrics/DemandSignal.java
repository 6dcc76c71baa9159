package dev.sluice.core.metrics;

/**
 * How the gateway tells the control plane that a request is waiting for a deployment that has no instance (it was
 * scaled to zero): the autoscaler then starts one. Must not block; may be called from an event loop, often.
 */
public interface DemandSignal {

    DemandSignal NONE = (endpoint, deployment) -> { };

    void waiting(String endpoint, String deployment);
}
