package dev.sluice.core.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.core.spec.ModelType;
import java.util.Map;

/**
 * A model version as Azure's {@code model.yml} (or {@code sluice model create -n -v --path --type}) describes it.
 * Once the CLI has uploaded it, {@code path} is an artifact reference ({@code sha256:…}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelAssetSpec(
        @JsonProperty("$schema") String schema,
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("type") ModelType type,
        @JsonProperty("path") String path,
        @JsonProperty("description") String description,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("properties") Map<String, String> properties,
        @JsonProperty("stage") String stage) implements AssetSpec {

    @JsonIgnore
    @Override
    public AssetKind kind() {
        return AssetKind.MODEL;
    }

    /** The type, {@code custom_model} when the YAML leaves it out (as Azure defaults it). */
    @JsonIgnore
    public ModelType typeOrDefault() {
        return type == null ? ModelType.CUSTOM_MODEL : type;
    }

    @Override
    public ModelAssetSpec withVersion(String newVersion) {
        return new ModelAssetSpec(schema, name, newVersion, type, path, description, tags, properties, stage);
    }

    public ModelAssetSpec withPath(String newPath) {
        return new ModelAssetSpec(schema, name, version, type, newPath, description, tags, properties, stage);
    }
}
