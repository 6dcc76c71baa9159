package dev.sluice.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;

/** Which of an endpoint's two keys. */
public enum KeyType implements WireValue {
    PRIMARY("primary"),
    SECONDARY("secondary");

    private final String wire;

    KeyType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static KeyType fromWire(String value) {
        return WireValue.parse(KeyType.class, value);
    }
}
