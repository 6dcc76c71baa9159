package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a deployment's instances run: local processes ({@code managed}) or Kubernetes pods. */
public enum DeploymentType implements WireValue {
    MANAGED("managed"),
    KUBERNETES("kubernetes");

    private final String wire;

    DeploymentType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static DeploymentType fromWire(String value) {
        return WireValue.parse(DeploymentType.class, value);
    }
}
