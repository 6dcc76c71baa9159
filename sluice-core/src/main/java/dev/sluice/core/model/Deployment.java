package dev.sluice.core.model;

import dev.sluice.core.spec.DeploymentSpec;
import java.time.Instant;

/**
 * A deployment as the store keeps it. {@code generation} grows by one with every accepted spec change, so
 * instances know which spec they run; {@code reason} says why the state is Failed (empty otherwise).
 * {@code lastSucceededSpec} is the spec that last reached Succeeded (null before that): an update whose new
 * instances never turn Ready rolls back to it.
 */
public record Deployment(DeploymentSpec spec, ProvisioningState state, String reason, long generation,
                         Instant createdAt, Instant updatedAt, DeploymentSpec lastSucceededSpec) {

    /** A deployment that has not succeeded yet. */
    public Deployment(DeploymentSpec spec, ProvisioningState state, String reason, long generation,
                      Instant createdAt, Instant updatedAt) {
        this(spec, state, reason, generation, createdAt, updatedAt, null);
    }

    public String name() {
        return spec.name();
    }

    public String endpointName() {
        return spec.endpointName();
    }

    public Deployment withState(ProvisioningState newState, String newReason, Instant now) {
        return new Deployment(spec, newState, newReason == null ? "" : newReason, generation, createdAt, now,
                lastSucceededSpec);
    }

    /** A new desired spec: the generation moves on and the state turns Updating. */
    public Deployment withNewSpec(DeploymentSpec newSpec, Instant now) {
        return new Deployment(newSpec, ProvisioningState.UPDATING, "", generation + 1, createdAt, now,
                lastSucceededSpec);
    }

    /** Every instance of this generation is Ready: remember the spec as the one to roll back to. */
    public Deployment succeeded(Instant now) {
        return new Deployment(spec, ProvisioningState.SUCCEEDED, "", generation, createdAt, now, spec);
    }

    /**
     * Back to the last spec that succeeded, as a new generation (so its instances, still running, are the
     * current ones again), Failed with the reason of the update that did not work.
     */
    public Deployment rolledBack(String why, Instant now) {
        if (lastSucceededSpec == null) {
            throw new IllegalStateException("deployment " + name() + " has no spec that succeeded to roll back to");
        }
        return new Deployment(lastSucceededSpec, ProvisioningState.FAILED, why, generation + 1, createdAt, now,
                lastSucceededSpec);
    }

    /** Failed, but serving the last spec that succeeded (after a rollback): its instances keep running. */
    public boolean servesLastSucceededSpec() {
        return lastSucceededSpec != null && lastSucceededSpec.equals(spec);
    }
}
