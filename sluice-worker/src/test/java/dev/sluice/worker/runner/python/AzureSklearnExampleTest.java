package dev.sluice.worker.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentValidator;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EndpointValidator;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.worker.support.TestConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** examples/azure-sklearn keeps Azure's layout: YAML in endpoints/, everything it names under ../model-1/. */
class AzureSklearnExampleTest {

    private static final Path SAMPLE = TestConfig.examples().resolve("azure-sklearn");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void theDeploymentIsValidAndNamesFilesThatExist() throws Exception {
        Path endpoints = SAMPLE.resolve("endpoints");
        DeploymentSpec spec = DeploymentValidator.validate(SpecReader.create()
                .deployment(yaml.readTree(endpoints.resolve("blue-deployment.yml").toFile())));

        assertThat(spec.model().path()).isEqualTo("../model-1/model/");
        assertThat(endpoints.resolve(spec.model().path()).resolve("sklearn_regression_model.pkl")).isRegularFile();
        assertThat(endpoints.resolve(spec.codeConfiguration().code()).resolve(spec.codeConfiguration().scoringScript()))
                .isRegularFile();
        assertThat(endpoints.resolve(spec.environment().condaFile())).isRegularFile()
                .hasFileName("conda.yaml");
    }

    @Test
    void theEndpointIsMyEndpointAndTheRequestHoldsTwoRowsOfTenFeatures() throws Exception {
        EndpointSpec endpoint = SpecReader.create().endpoint(yaml.readTree(SAMPLE.resolve("endpoints/endpoint.yml")
                .toFile()));
        EndpointValidator.validate(endpoint);
        JsonNode request = new ObjectMapper().readTree(SAMPLE.resolve("endpoints/sample-request.json").toFile());

        assertThat(endpoint.name()).isEqualTo("my-endpoint");
        assertThat(request.get("data")).hasSize(2);
        assertThat(request.get("data").get(0)).hasSize(10);
    }
}
