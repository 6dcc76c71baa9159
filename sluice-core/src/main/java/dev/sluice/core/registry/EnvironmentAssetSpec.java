package dev.sluice.core.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.EnvironmentSpec;
import java.util.Map;

/**
 * An environment version as Azure's {@code environment.yml} describes it. Once the CLI has uploaded it,
 * {@code conda_file} is an artifact reference ({@code sha256:…}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentAssetSpec(
        @JsonProperty("$schema") String schema,
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("description") String description,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("properties") Map<String, String> properties,
        @JsonProperty("image") String image,
        @JsonProperty("conda_file") String condaFile,
        @JsonProperty("build") JsonNode build,
        @JsonProperty("inference_config") JsonNode inferenceConfig,
        @JsonProperty("os_type") String osType) implements AssetSpec {

    @JsonIgnore
    @Override
    public AssetKind kind() {
        return AssetKind.ENVIRONMENT;
    }

    @Override
    public EnvironmentAssetSpec withVersion(String newVersion) {
        return new EnvironmentAssetSpec(schema, name, newVersion, description, tags, properties, image, condaFile,
                build, inferenceConfig, osType);
    }

    public EnvironmentAssetSpec withCondaFile(String newCondaFile) {
        return new EnvironmentAssetSpec(schema, name, version, description, tags, properties, image, newCondaFile,
                build, inferenceConfig, osType);
    }

    /**
     * This version, unless it is a Docker build context, which local instances cannot build.
     *
     * @throws SluiceException NOT_SUPPORTED naming {@code build}
     */
    public EnvironmentAssetSpec requireNoBuild() {
        if (build != null && !build.isNull()) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, "build: a Docker build context needs a container"
                    + " runtime, which Sluice's local instances do not have (expected: conda_file, with or without"
                    + " image)", "build");
        }
        return this;
    }

    /** The deployment's {@code environment} this version stands for, remembering the reference it came from. */
    public EnvironmentSpec toDeploymentEnvironment(String reference) {
        return new EnvironmentSpec(name, version, description, tags, image, condaFile, build, inferenceConfig, osType,
                reference);
    }
}
