package dev.sluice.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;

/** The life of one instance (a worker process or a pod). */
public enum InstanceState implements WireValue {
    STARTING("Starting"),
    READY("Ready"),
    UNREADY("Unready"),
    FAILED("Failed"),
    TERMINATING("Terminating");

    private final String wire;

    InstanceState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static InstanceState fromWire(String value) {
        return WireValue.parse(InstanceState.class, value);
    }
}
