package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.worker.WorkerJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentValidator;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EndpointValidator;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.worker.runner.v2.V2Codec;
import dev.sluice.worker.support.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed examples stay valid: their YAML binds and validates, their files are where the YAML says. */
class ExamplesTest {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Path javaEcho = TestConfig.examples().resolve("java-echo");

    @Test
    void javaEchoDeploymentIsAValidAzureStyleDeployment() throws Exception {
        JsonNode tree = yaml.readTree(javaEcho.resolve("deployment.yml").toFile());

        DeploymentSpec spec = DeploymentValidator.validate(SpecReader.create().deployment(tree));

        assertThat(spec.codeConfiguration().scoringScript()).isEqualTo("Score.java");
        assertThat(javaEcho.resolve(spec.codeConfiguration().code()).resolve("Score.java")).isRegularFile();
        assertThat(javaEcho.resolve(spec.model().path())).isDirectory();
    }

    @Test
    void javaEchoEndpointIsValid() throws Exception {
        EndpointSpec spec = SpecReader.create().endpoint(yaml.readTree(javaEcho.resolve("endpoint.yml").toFile()));

        EndpointValidator.validate(spec);

        assertThat(spec.name()).isEqualTo("java-echo");
    }

    @Test
    void theQuickstartSampleRequestIsAValidInferBody() throws Exception {
        byte[] sample = Files.readAllBytes(TestConfig.examples().resolve("quickstart/sample-request.json"));

        assertThat(V2Codec.create(WorkerJson.create()).parseInfer(sample).inputs().get(0).shape())
                .containsExactly(2, 4);
    }
}
