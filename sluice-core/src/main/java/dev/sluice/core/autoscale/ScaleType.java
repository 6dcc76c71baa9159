package dev.sluice.core.autoscale;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;

/**
 * Azure Monitor's {@code scaleAction.type}. Azure's fourth type, {@code ServiceAllowedNextValue}, lets the scaled
 * service pick the next size from its own list; Sluice has no such list, so the reader refuses it.
 */
public enum ScaleType implements WireValue {
    CHANGE_COUNT("ChangeCount"),
    PERCENT_CHANGE_COUNT("PercentChangeCount"),
    EXACT_COUNT("ExactCount");

    private final String wire;

    ScaleType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
