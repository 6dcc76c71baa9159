package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A deployment's {@code sluice:} map: Sluice's own settings, for which Azure's deployment schema has no key.
 * One top-level key keeps every extension in one visible place; its unknown keys are errors like any other.
 *
 * @param batching dynamic batching of ONNX requests, or null (off)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentSluiceSettings(@JsonProperty("batching") BatchingSettings batching) {

    /** The YAML key under which these settings sit. */
    public static final String KEY = "sluice";

    /** With each present setting's defaults filled in, so that {@code show} displays what applies. */
    public DeploymentSluiceSettings withDefaults() {
        return new DeploymentSluiceSettings(batching == null ? null : batching.withDefaults());
    }
}
