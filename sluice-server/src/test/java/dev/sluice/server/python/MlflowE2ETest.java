package dev.sluice.server.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.client.TrustedCa;
import dev.sluice.server.testing.SluiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Azure project with a registered MLflow model, migrated as it is: the model (MLmodel, model.pkl, conda.yaml,
 * requirements.txt, written at test time with Debian's scikit-learn and no mlflow package) is registered with
 * {@code sluice model create}, deployed without code by {@code model: azureml:NAME@latest}, and scored in Azure's
 * {@code input_data} forms through the real {@code bin/sluice}; Azure CLI lines keep their {@code -g/-w},
 * {@code --query} and {@code -o tsv}.
 */
class MlflowE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPLIT = """
            {"input_data": {"columns": ["age", "sex", "bmi", "bp"], "index": [0, 1],
              "data": [[0.038, 0.05, 0.062, 0.022], [-0.002, -0.045, -0.051, -0.026]]}}""";
    private static final String RECORDS = """
            {"input_data": [{"bp": 0.022, "bmi": 0.062, "sex": 0.05, "age": 0.038},
                            {"age": -0.002, "sex": -0.045, "bmi": -0.051, "bp": -0.026}]}""";

    @TempDir
    static Path home;

    @TempDir
    static Path project;

    private static PythonSluiceRun sluice;
    private static JsonNode expected;

    @BeforeAll
    static void startServerAndWriteTheModel() throws Exception {
        PythonSluiceRun.requireDebianSklearn();
        expected = JSON.readTree(writeModel(project.resolve("sklearn-diabetes")));
        Files.writeString(project.resolve("endpoint.yml"), "$schema: https://azuremlschemas.azureedge.net/latest/"
                + "managedOnlineEndpoint.schema.json\nname: mlflow-endpoint\nauth_mode: key\n");
        Files.writeString(project.resolve("deployment.yml"), """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
                name: blue
                endpoint_name: mlflow-endpoint
                model: azureml:sklearn-diabetes@latest
                instance_type: Standard_DS3_v2
                instance_count: 1
                """);
        Files.writeString(project.resolve("sample-request.json"), SPLIT);
        sluice = PythonSluiceRun.start(home);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (sluice != null) {
            sluice.cli(project, "online-endpoint", "delete", "-n", "mlflow-endpoint", "--yes");
            sluice.stop();
        }
    }

    /** The generator prints the model's own predictions for the sample rows. */
    private static String writeModel(Path folder) throws Exception {
        Path script = Path.of(MlflowE2ETest.class.getResource("/mlflow/write_mlflow_sklearn.py").toURI());
        Process p = new ProcessBuilder(PythonSluiceRun.PYTHON, script.toString(), folder.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return out;
    }

    @Test
    void aRegisteredMlflowModelDeploysWithoutCodeAndAnswersAzuresInputForms() throws Exception {
        SluiceProcess.Result created = sluice.cli(project, "model", "create", "-n", "sklearn-diabetes", "-v", "1",
                "--path", "sklearn-diabetes/model", "--type", "mlflow_model", "-g", "my-rg", "-w", "my-ws").ok();
        assertThat(created.err()).contains("WARNING: --resource-group my-rg is ignored")
                .contains("WARNING: --workspace-name my-ws is ignored");
        assertThat(sluice.cli(project, "model", "list", "--query", "[].version", "-o", "tsv").ok().out())
                .isEqualTo("1\n");

        sluice.cli(project, "online-endpoint", "create", "-f", "endpoint.yml").ok();
        SluiceProcess.Result deployed = sluice.cli(project, "online-deployment", "create", "-f", "deployment.yml",
                "--all-traffic", "--subscription", "0000").ok();
        assertThat(deployed.err()).contains("WARNING: blue: instance_type: Standard_DS3_v2 is not used");
        JsonNode blue = JSON.readTree(deployed.out());
        assertThat(blue.path("model").asText()).isEqualTo("azureml:sklearn-diabetes:1");
        assertThat(blue.path("provisioning_state").asText()).isEqualTo("Succeeded");

        String answer = sluice.cli(project, "online-endpoint", "invoke", "-n", "mlflow-endpoint", "-r",
                "sample-request.json").ok().out();
        assertThat(JSON.readTree(answer)).isEqualTo(expected);
        assertThat(JSON.readTree(score(RECORDS).body())).isEqualTo(expected);
        String storage = sluice.cli(project, "online-deployment", "get-logs", "-n", "blue", "-e", "mlflow-endpoint",
                "--container", "storage-initializer").ok().out();
        assertThat(storage).contains("mlflow: not installed; Sluice does not need it");

        HttpResponse<String> wrongColumn = score(SPLIT.replace("\"bp\"", "\"blood_pressure\""));
        assertThat(wrongColumn.statusCode()).isEqualTo(400);
        assertThat(wrongColumn.body()).contains("input_data.columns: 'blood_pressure'")
                .contains("[age, sex, bmi, bp]");
        HttpResponse<String> wrongType = score(SPLIT.replace("0.062", "\"tall\""));
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("input_data.data[0] (column 'bmi'): \\\"tall\\\"");
    }

    @Test
    void badModelsAndMissingVersionsAreNamedAndNothingIsStoredHalfWay() throws Exception {
        Path keras = project.resolve("keras/model");
        Files.createDirectories(keras);
        Files.writeString(keras.resolve("MLmodel"), "flavors:\n  keras: {keras_version: 2.13.1}\n");
        SluiceProcess.Result refused = sluice.cli(project, "model", "create", "-n", "keras-model", "--path",
                "keras/model", "--type", "mlflow_model");
        assertThat(refused.status()).isNotZero();
        assertThat(refused.err()).contains("MLmodel: flavors: keras (expected: python_function or onnx");
        assertThat(sluice.cli(project, "model", "list", "-n", "keras-model", "--include-archived").ok().out().strip())
                .isEqualTo("[]");

        sluice.cli(project, "online-endpoint", "create", "-f", "endpoint.yml", "-n", "missing-version").ok();
        SluiceProcess.Result missing = sluice.cli(project, "online-deployment", "create", "-f", "deployment.yml",
                "-e", "missing-version", "--set", "model=azureml:sklearn-diabetes:9");
        assertThat(missing.status()).isNotZero();
        assertThat(missing.err()).contains("model: azureml:sklearn-diabetes:9: model sklearn-diabetes");
        assertThat(sluice.cli(project, "online-deployment", "list", "-e", "missing-version").ok().out().strip())
                .isEqualTo("[]");
        sluice.cli(project, "online-endpoint", "delete", "-n", "missing-version", "--yes").ok();
    }

    @Test
    void environmentsRegisterAndACustomContainerIsRefusedNotIgnored() throws Exception {
        Files.writeString(project.resolve("env.yml"), """
                $schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
                name: sklearn-env
                image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest
                conda_file: sklearn-diabetes/model/conda.yaml
                description: the model's own environment
                """);
        JsonNode env = JSON.readTree(sluice.cli(project, "environment", "create", "-f", "env.yml").ok().out());
        assertThat(env.path("version").asText()).isEqualTo("1");
        assertThat(env.path("conda_file").asText()).startsWith("sha256:");
        assertThat(sluice.cli(project, "environment", "show", "-n", "sklearn-env", "-l", "latest", "--query",
                "description", "-o", "tsv").ok().out()).isEqualTo("the model's own environment\n");

        Files.writeString(project.resolve("container.yml"), """
                name: custom
                endpoint_name: mlflow-endpoint
                model: azureml:sklearn-diabetes:1
                environment:
                  image: myregistry.azurecr.io/scorer:2
                  inference_config: {liveness_route: {port: 5001, path: /}}
                """);
        SluiceProcess.Result container = sluice.cli(project, "online-deployment", "create", "-f", "container.yml");
        assertThat(container.status()).isNotZero();
        assertThat(container.err()).contains("inference_config (a custom container) needs a container runtime");
    }

    @Test
    void showOutputExportedAsYamlIsAcceptedBackWithItsReadOnlyFieldsNamed() throws IOException {
        Files.writeString(project.resolve("ep-export.yml"), """
                auth_mode: key
                id: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/exported-ep
                kind: Managed
                location: westus
                name: exported-ep
                provisioning_state: Succeeded
                public_network_access: Enabled
                scoring_uri: https://exported-ep.westus.inference.ml.azure.com/score
                traffic: {}
                """);
        SluiceProcess.Result created = sluice.cli(project, "online-endpoint", "create", "-f", "ep-export.yml").ok();
        assertThat(created.err()).contains("ep-export.yml: id: ignored, a read-only field")
                .contains("ep-export.yml: scoring_uri: ignored").contains("ep-export.yml: kind: ignored");
        SluiceProcess.Result local = sluice.cli(project, "online-endpoint", "show", "-n", "exported-ep", "--local");
        assertThat(local.ok().err()).contains("WARNING: --local is ignored: every Sluice deployment runs on this"
                + " machine already");
        SluiceProcess.Result debug = sluice.cli(project, "online-endpoint", "show", "-n", "exported-ep",
                "--vscode-debug");
        assertThat(debug.status()).isNotZero();
        assertThat(debug.err()).contains("--vscode-debug is not supported").doesNotContain("Unknown option");
        sluice.cli(project, "online-endpoint", "delete", "-n", "exported-ep", "--yes").ok();
    }

    private static HttpResponse<String> score(String body) throws Exception {
        JsonNode info = sluice.serverInfo();
        String key = JSON.readTree(sluice.cli(project, "online-endpoint", "get-credentials", "-n", "mlflow-endpoint")
                .ok().out()).path("primaryKey").asText();
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TrustedCa.sslContext(Path.of(info.path("caCert").asText()))).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(info.path("gatewayUrl").asText()
                        + "/endpoints/mlflow-endpoint/score")).header("Authorization", "Bearer " + key)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
