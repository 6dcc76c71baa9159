package dev.sluice.cli.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.artifacts.ArtifactTree;
import dev.sluice.core.artifact.ArtifactEntry;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Azure's example layout: endpoints/online/managed/sample/*.yml next to endpoints/online/model-1/. */
class SpecFilesTest {

    private static final String ENDPOINT = """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
            name: my-endpoint
            auth_mode: key
            """;

    private static final String BLUE = """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
            name: blue
            endpoint_name: my-endpoint
            model:
              path: ../../model-1/model/
            code_configuration:
              code: ../../model-1/onlinescoring/
              scoring_script: score.py
            environment:
              conda_file: ../../model-1/environment/conda.yaml
              image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest
            instance_type: Standard_DS3_v2
            instance_count: 1
            """;

    private record Published(String label, ArtifactTree tree) {
    }

    @TempDir
    Path root;

    private Path sample;
    private final List<Published> published = new ArrayList<>();
    private SpecFiles files;

    @BeforeEach
    void layOutTheAzureExample() throws Exception {
        Path model1 = root.resolve("endpoints/online/model-1");
        write(model1.resolve("model/sklearn_regression_model.pkl"), "weights");
        write(model1.resolve("onlinescoring/score.py"), "def init():\n    pass\n");
        write(model1.resolve("environment/conda.yaml"), "name: model-env\n");
        sample = root.resolve("endpoints/online/managed/sample");
        Files.createDirectories(sample);
        files = SpecFiles.create((label, tree) -> {
            published.add(new Published(label, tree));
            return tree.ref();
        });
    }

    private static Path write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private Path yaml(String name, String content) throws Exception {
        return write(sample.resolve(name), content);
    }

    private SluiceException endpointError(String content) throws Exception {
        Path file = yaml("endpoint.yml", content);
        return (SluiceException) org.assertj.core.api.Assertions.catchThrowable(() -> files.endpoint(file));
    }

    private SluiceException deploymentError(String content) throws Exception {
        Path file = yaml("blue.yml", content);
        return (SluiceException) org.assertj.core.api.Assertions.catchThrowable(() -> files.deployment(file));
    }

    @Test
    void acceptsAnAzureEndpointFileAsItIs() throws Exception {
        EndpointSpec spec = files.endpoint(yaml("endpoint.yml", ENDPOINT));
        assertThat(spec.name()).isEqualTo("my-endpoint");
        assertThat(spec.authMode()).isEqualTo(AuthMode.KEY);
        assertThat(spec.schema()).endsWith("managedOnlineEndpoint.schema.json");
    }

    @Test
    void uploadsTheLocalFilesRelativeToTheYamlAndAnswersReferences() throws Exception {
        DeploymentSpec spec = files.deployment(yaml("blue-deployment.yml", BLUE));
        assertThat(published).extracting(Published::label).containsExactly("model ../../model-1/model/",
                "code ../../model-1/onlinescoring/", "conda file ../../model-1/environment/conda.yaml");
        assertThat(published.get(0).tree().entries()).extracting(ArtifactEntry::path)
                .containsExactly("model/sklearn_regression_model.pkl");
        assertThat(published.get(1).tree().entries()).extracting(ArtifactEntry::path).containsExactly("score.py");
        assertThat(published.get(2).tree().entries()).extracting(ArtifactEntry::path).containsExactly("conda.yaml");
        assertThat(spec.model().path()).isEqualTo(published.get(0).tree().ref().toString());
        assertThat(spec.codeConfiguration().code()).isEqualTo(published.get(1).tree().ref().toString());
        assertThat(spec.codeConfiguration().scoringScript()).isEqualTo("score.py");
        assertThat(spec.environment().condaFile()).isEqualTo(published.get(2).tree().ref().toString());
        assertThat(spec.environment().image()).startsWith("mcr.microsoft.com/");
        assertThat(ArtifactRef.isRef(spec.model().path())).isTrue();
    }

    @Test
    void keepsValuesThatAreAlreadyReferences() throws Exception {
        String ref = "sha256:" + "a".repeat(64);
        DeploymentSpec spec = files.deployment(yaml("blue.yml", BLUE.replace("../../model-1/model/", ref)));
        assertThat(spec.model().path()).isEqualTo(ref);
        assertThat(published).extracting(Published::label).doesNotContain("model " + ref);
    }

    @Test
    void theTreeCanBeChangedBeforeBinding() throws Exception {
        SpecDocument document = files.read(yaml("blue.yml", BLUE));
        document.tree().put("endpoint_name", "other-endpoint");
        SetAssignment.parse("instance_count=3").applyTo(document.tree());
        DeploymentSpec spec = files.deployment(document);
        assertThat(spec.endpointName()).isEqualTo("other-endpoint");
        assertThat(spec.instanceCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name: ab|name: ab (expected: 3-32 characters",
        "name: 1endpoint|name: 1endpoint (expected: 3-32 characters",
        "name: my-endpoint-|name: my-endpoint- (expected: 3-32 characters",
        "name: my_endpoint|name: my_endpoint (expected",
        "name: my-endpoint\\ntraffic: {blue: 90, green: 20}|traffic: {blue=90, green=20} sums to 110 (expected: a sum of 0 or 100)",
        "name: my-endpoint\\ntraffic: {blue: 120}|traffic.blue: 120 (expected: 0..100)",
        "name: my-endpoint\\nmirror_traffic: {green: 60}|mirror_traffic.green: 60 (expected: 0..50)",
        "name: my-endpoint\\nauthmode: key|authmode: unknown key (expected: $schema | auth_mode",
        "name: my-endpoint\\nauth_mode: password|auth_mode: password (expected: key | aml_token | aad_token)",
        "name: my-endpoint\\ntraffic: {blue: 100}\\nmirror_traffic: {blue: 10}|mirror_traffic.blue: 10 (expected: 0, since blue has live traffic",
    })
    void endpointErrorsNameTheFileAndTheField(String content, String expected) throws Exception {
        SluiceException error = endpointError(content.replace("\\n", "\n"));
        assertThat(error.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
        assertThat(error.getMessage()).startsWith(sample.resolve("endpoint.yml") + ": " + expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name: blue|name: b|name: b (expected: 3-32 characters",
        "endpoint_name: my-endpoint|endpoint_name: my_endpoint|endpoint_name: my_endpoint (expected: 3-32",
        "instance_count: 1|instance_count: 0|instance_count: 0 (expected: 1..50)",
        "instance_count: 1|instance_count: 51|instance_count: 51 (expected: 1..50)",
        "instance_count: 1|instance_count: two|instance_count: two (expected: an integer)",
        "instance_count: 1|instance_count: 1\\nrequest_settings: {max_concurrent_requests_per_instance: 0}|request_settings.max_concurrent_requests_per_instance: 0 (expected: 1..1000)",
        "instance_count: 1|instance_count: 1\\nscale_settings: {type: target_utilization, min_instances: -1}|scale_settings.min_instances: -1 (expected: 0..50)",
        "instance_count: 1|instance_count: 1\\nreadiness_probe: {period: 0}|readiness_probe.period: 0 (expected: 1..3600)",
        "instance_type: Standard_DS3_v2|instance_typ: Standard_DS3_v2|instance_typ: unknown key (expected:",
        "  scoring_script: score.py|  scoring_script: score.py\\n  entry: x|code_configuration.entry: unknown key",
        "../../model-1/model/|../model-1/model/|model.path: ../model-1/model/ does not exist (resolved to ",
        "../../model-1/onlinescoring/|../../model-1/scoring/|code_configuration.code: ../../model-1/scoring/ does not exist (resolved to ",
        "../../model-1/environment/conda.yaml|../../model-1/environment/conda.yml|environment.conda_file: ../../model-1/environment/conda.yml does not exist (resolved to ",
        "../../model-1/environment/conda.yaml|../../model-1/environment/|environment.conda_file: ../../model-1/environment/ (expected: a conda YAML file, not a folder)",
        "scoring_script: score.py|scoring_script: main.py|code_configuration.scoring_script: main.py is not in ../../model-1/onlinescoring/ (resolved to ",
    })
    void deploymentErrorsNameTheFileAndTheField(String from, String to, String expected) throws Exception {
        SluiceException error = deploymentError(BLUE.replace(from, to.replace("\\n", "\n")));
        assertThat(error.getMessage()).startsWith(sample.resolve("blue.yml") + ": " + expected);
        assertThat(published).as("nothing is uploaded when the file is wrong").isEmpty();
    }

    @Test
    void aMissingPathShowsWhereItWasLookedFor() throws Exception {
        SluiceException error = deploymentError(BLUE.replace("../../model-1/model/", "../model-1/model/"));
        assertThat(error.getMessage()).isEqualTo(sample.resolve("blue.yml") + ": model.path: ../model-1/model/ "
                + "does not exist (resolved to " + root.resolve("endpoints/online/managed/model-1/model") + ")");
    }

    @Test
    void anEmptyModelFolderIsAnError() throws Exception {
        Files.createDirectories(root.resolve("endpoints/online/empty"));
        SluiceException error = deploymentError(BLUE.replace("../../model-1/model/", "../../empty/"));
        assertThat(error.getMessage()).contains("blue.yml: model.path: ../../empty/")
                .contains("(expected: a folder with at least one file)");
    }

    @Test
    void registeredModelsGoToTheServerAsReferencesWithoutAnUpload() throws Exception {
        DeploymentSpec spec = files.deployment(yaml("blue.yml", BLUE.replace("model:\n  path: ../../model-1/model/\n",
                "model: azureml:my-model@latest\n")));
        assertThat(spec.model().reference()).isEqualTo("azureml:my-model@latest");
        assertThat(published).extracting(Published::label).noneMatch(label -> label.startsWith("model"));
    }

    @Test
    void fieldsOfExportedShowOutputAreDroppedWithAWarningEach() throws Exception {
        List<String> warnings = new ArrayList<>();
        SpecFiles warned = SpecFiles.create((label, tree) -> tree.ref(), warnings::add);
        Path file = yaml("endpoint.yml", ENDPOINT + "id: /subscriptions/0/onlineEndpoints/my-endpoint\n"
                + "provisioning_state: Succeeded\nscoring_uri: https://my-endpoint.westus.inference.ml.azure.com/score\n"
                + "public_network_access: Enabled\n");
        EndpointSpec spec = warned.endpoint(file);
        assertThat(spec.name()).isEqualTo("my-endpoint");
        assertThat(warnings).hasSize(3).allMatch(w -> w.startsWith(file + ": "))
                .anyMatch(w -> w.endsWith("id: ignored, a read-only field of exported `az ml ... show` output"));
    }

    @Test
    void fileLevelErrors() throws Exception {
        assertThatThrownBy(() -> files.endpoint(sample.resolve("nope.yml")))
                .hasMessageStartingWith("--file: " + sample.resolve("nope.yml") + " does not exist");
        assertThatThrownBy(() -> files.endpoint(yaml("e.yml", "")))
                .hasMessageStartingWith(sample.resolve("e.yml") + ": the file is empty");
        assertThatThrownBy(() -> files.endpoint(yaml("e.yml", "name: x\n  bad: [\n")))
                .hasMessageStartingWith(sample.resolve("e.yml") + ": line 2, column");
        assertThatThrownBy(() -> files.endpoint(yaml("e.yml", "name: abc\nname: abd\n")))
                .hasMessageContaining("Duplicate field 'name'");
        assertThatThrownBy(() -> files.endpoint(yaml("e.yml", "- a\n")))
                .hasMessage(sample.resolve("e.yml") + ": the document is a list (expected: a mapping of keys to values)");
    }

    @Test
    void aDocumentWithoutFileHasNoPrefix() throws Exception {
        SpecDocument document = files.read(yaml("blue.yml", BLUE));
        SpecDocument fromServer = SpecDocument.of(document.tree(), sample);
        fromServer.tree().put("instance_count", 0);
        assertThatThrownBy(() -> files.deployment(fromServer)).hasMessage("instance_count: 0 (expected: 1..50)");
    }
}
