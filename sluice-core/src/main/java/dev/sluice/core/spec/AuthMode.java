package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How callers of an endpoint prove who they are. */
public enum AuthMode implements WireValue {
    KEY("key"),
    AML_TOKEN("aml_token"),
    AAD_TOKEN("aad_token");

    private final String wire;

    AuthMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static AuthMode fromWire(String value) {
        return WireValue.parse(AuthMode.class, value);
    }
}
