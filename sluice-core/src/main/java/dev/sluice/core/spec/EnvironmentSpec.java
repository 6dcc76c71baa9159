package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A deployment's {@code environment}: inline ({@code image}, {@code conda_file}, …) or, as a string, a
 * registered or curated environment ({@code azureml:AzureML-sklearn-1.0:1}) kept in {@link #reference}.
 * Locally, {@code image} is recorded and ignored; {@code conda_file} builds a Python environment.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentSpec(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("description") String description,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("image") String image,
        @JsonProperty("conda_file") String condaFile,
        @JsonProperty("build") JsonNode build,
        @JsonProperty("inference_config") JsonNode inferenceConfig,
        @JsonProperty("os_type") String osType,
        @JsonProperty("reference") String reference) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public EnvironmentSpec {
    }

    /** {@code environment: azureml:name:version} in YAML. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EnvironmentSpec ofReference(String reference) {
        return new EnvironmentSpec(null, null, null, null, null, null, null, null, null, reference);
    }

    public EnvironmentSpec withCondaFile(String newCondaFile) {
        return new EnvironmentSpec(name, version, description, tags, image, newCondaFile, build, inferenceConfig,
                osType, reference);
    }
}
