package dev.sluice.core.model;

import dev.sluice.core.spec.DeploymentSpec;
import java.time.Instant;

/**
 * A deployment as the store keeps it. {@code generation} grows by one with every accepted spec change, so
 * instances know which spec they run; {@code reason} says why the state is Failed (empty otherwise).
 */
public record Deployment(DeploymentSpec spec, ProvisioningState state, String reason, long generation,
                         Instant createdAt, Instant updatedAt) {

    public String name() {
        return spec.name();
    }

    public String endpointName() {
        return spec.endpointName();
    }

    public Deployment withState(ProvisioningState newState, String newReason, Instant now) {
        return new Deployment(spec, newState, newReason == null ? "" : newReason, generation, createdAt, now);
    }

    /** A new desired spec: the generation moves on and the state turns Updating. */
    public Deployment withNewSpec(DeploymentSpec newSpec, Instant now) {
        return new Deployment(newSpec, ProvisioningState.UPDATING, "", generation + 1, createdAt, now);
    }
}
