package dev.sluice.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;

/** Azure's provisioning states of endpoints and deployments. */
public enum ProvisioningState implements WireValue {
    CREATING("Creating"),
    UPDATING("Updating"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    DELETING("Deleting");

    private final String wire;

    ProvisioningState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ProvisioningState fromWire(String value) {
        return WireValue.parse(ProvisioningState.class, value);
    }

    /** Creating, Updating and Deleting end in another state; clients wait for that. */
    public boolean isTransitional() {
        return this == CREATING || this == UPDATING || this == DELETING;
    }
}
