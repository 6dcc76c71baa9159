package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of model folder a deployment serves; it decides which runner the worker uses. */
public enum ModelType implements WireValue {
    CUSTOM_MODEL("custom_model"),
    MLFLOW_MODEL("mlflow_model"),
    TRITON_MODEL("triton_model");

    private final String wire;

    ModelType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ModelType fromWire(String value) {
        return WireValue.parse(ModelType.class, value);
    }
}
