package dev.sluice.core.model;

import dev.sluice.core.spec.EndpointSpec;
import java.time.Instant;

/** An endpoint as the store keeps it: what the user asked for, its keys and its state. */
public record Endpoint(EndpointSpec spec, EndpointKeys keys, ProvisioningState state, Instant createdAt,
                       Instant updatedAt) {

    public String name() {
        return spec.name();
    }

    public Endpoint withSpec(EndpointSpec newSpec, Instant now) {
        return new Endpoint(newSpec, keys, state, createdAt, now);
    }

    public Endpoint withKeys(EndpointKeys newKeys, Instant now) {
        return new Endpoint(spec, newKeys, state, createdAt, now);
    }

    public Endpoint withState(ProvisioningState newState, Instant now) {
        return new Endpoint(spec, keys, newState, createdAt, now);
    }
}
