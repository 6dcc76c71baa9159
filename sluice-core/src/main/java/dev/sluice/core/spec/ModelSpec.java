package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A deployment's {@code model}: inline ({@code path}, {@code name}, {@code version}, {@code type}) or, as a
 * string, a reference to a registered model ({@code azureml:name:version}) kept in {@link #reference}.
 * In YAML {@code path} is a local path; once the CLI has uploaded it, it is an artifact reference.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
        @JsonProperty("path") String path,
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("type") ModelType type,
        @JsonProperty("description") String description,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("properties") Map<String, String> properties,
        @JsonProperty("reference") String reference) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public ModelSpec {
    }

    /** {@code model: azureml:name:version} in YAML. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ModelSpec ofReference(String reference) {
        return new ModelSpec(null, null, null, null, null, null, null, reference);
    }

    public static ModelSpec ofPath(String path, ModelType type) {
        return new ModelSpec(path, null, null, type, null, null, null, null);
    }

    /** The type, {@code custom_model} when the YAML leaves it out. */
    @JsonIgnore
    public ModelType typeOrDefault() {
        return type == null ? ModelType.CUSTOM_MODEL : type;
    }

    public ModelSpec withPath(String newPath) {
        return new ModelSpec(newPath, name, version, type, description, tags, properties, reference);
    }
}
