package dev.sluice.core.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;

/** What a management API token may do: read everything but secrets, or everything. */
public enum ManagementRole implements WireValue {
    READER("reader"),
    ADMIN("admin");

    private final String wire;

    ManagementRole(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ManagementRole fromWire(String value) {
        return WireValue.parse(ManagementRole.class, value);
    }
}
