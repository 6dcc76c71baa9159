package dev.sluice.core.autoscale;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;

/** Azure Monitor's {@code scaleAction.direction}. A rule whose direction is None never changes the count. */
public enum ScaleDirection implements WireValue {
    INCREASE("Increase"),
    DECREASE("Decrease"),
    NONE("None");

    private final String wire;

    ScaleDirection(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
