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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure's scikit-learn sample, laid out as Azure's examples lay it out, deployed with the real {@code bin/sluice}:
 * what {@code invoke} returns must be exactly what the model returns when called in Python directly.
 */
class PythonSampleE2ETest {

    private static final Path SAMPLE = PythonSluiceRun.REPO.resolve("examples").resolve("azure-sklearn");
    private static final Path ENDPOINTS = SAMPLE.resolve("endpoints");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    @TempDir
    Path files;

    private static PythonSluiceRun sluice;

    @BeforeAll
    static void startServer() {
        PythonSluiceRun.requireDebianSklearn();
        sluice = PythonSluiceRun.start(home);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (sluice != null) {
            // Nothing left to reconcile while the server stops: no instance is started in its last moments.
            for (String endpoint : new String[]{"my-endpoint", "py-reuse", "py-broken", "py-missing",
                    "py-errors"}) {
                sluice.cli(home, "online-endpoint", "delete", "-n", endpoint, "--yes");
            }
            sluice.stop();
        }
    }

    @Test
    void azuresSampleDeploysAndAnswersExactlyWhatTheModelAnswersInPython() throws Exception {
        sluice.cli(ENDPOINTS, "online-endpoint", "create", "-f", "endpoint.yml").ok();
        sluice.cli(ENDPOINTS, "online-deployment", "create", "-f", "blue-deployment.yml", "--all-traffic").ok();

        String answer = sluice.cli(ENDPOINTS, "online-endpoint", "invoke", "-n", "my-endpoint", "-r",
                "sample-request.json").ok().out();

        assertThat(JSON.readTree(answer)).isEqualTo(JSON.readTree(predictInPython()));
        JsonNode shown = JSON.readTree(sluice.cli(ENDPOINTS, "online-deployment", "show", "-n", "blue", "-e",
                "my-endpoint").ok().out());
        assertThat(shown.path("provisioning_state").asText()).isEqualTo("Succeeded");
        assertThat(shown.at("/instances/0/state").asText()).isEqualTo("Ready");
        assertThat(shown.at("/instances/0/coldStartMs").asLong()).as("cold start in show").isPositive();
        String storage = sluice.cli(ENDPOINTS, "online-deployment", "get-logs", "-n", "blue", "-e", "my-endpoint",
                "--container", "storage-initializer").ok().out();
        assertThat(storage).contains("environment.image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest"
                        + " is used on Kubernetes")
                .containsPattern("numpy: conda.yaml asks for numpy=1.23.5; using \\S+ from /usr/bin/python3")
                .contains("azureml-inference-server-http: provided by Sluice")
                .containsPattern("environment [0-9a-f]{24} (ready|for conda.yaml is already built)");
        String console = sluice.cli(ENDPOINTS, "online-deployment", "get-logs", "-n", "blue", "-e", "my-endpoint",
                "--lines", "200").ok().out();
        assertThat(console).contains("root - Init complete").contains("root - model 1: request received")
                .contains("ACCESS POST /score 200");
    }

    /** The sample's model called as a data scientist would, without Sluice. */
    private static String predictInPython() throws Exception {
        String program = "import json, sys, joblib, numpy\n"
                + "model = joblib.load(sys.argv[1])\n"
                + "data = json.load(open(sys.argv[2]))['data']\n"
                + "print(json.dumps(model.predict(numpy.array(data)).tolist()))\n";
        Process p = new ProcessBuilder(PythonSluiceRun.PYTHON, "-c", program,
                SAMPLE.resolve("model-1/model/sklearn_regression_model.pkl").toString(),
                ENDPOINTS.resolve("sample-request.json").toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return out;
    }

    @Test
    void aSecondDeploymentWithTheSameCondaFileReusesItsEnvironment() throws Exception {
        Path endpoints = copyOfSample("reuse", null).resolve("endpoints");
        Files.writeString(endpoints.resolve("green-deployment.yml"),
                Files.readString(endpoints.resolve("blue-deployment.yml")).replace("name: blue", "name: green"));
        sluice.cli(endpoints, "online-endpoint", "create", "-f", "endpoint.yml", "-n", "py-reuse").ok();
        sluice.cli(endpoints, "online-deployment", "create", "-f", "blue-deployment.yml", "--endpoint-name",
                "py-reuse").ok();
        sluice.cli(endpoints, "online-deployment", "create", "-f", "green-deployment.yml", "--endpoint-name",
                "py-reuse").ok();

        String green = sluice.cli(endpoints, "online-deployment", "get-logs", "-n", "green", "-e", "py-reuse",
                "--container", "storage-initializer").ok().out();

        assertThat(green).contains("is already built").doesNotContain("creating a virtual environment")
                .containsPattern("scikit-learn: conda.yaml asks for scikit-learn=1.2.2; using \\S+");
        sluice.cli(endpoints, "online-endpoint", "delete", "-n", "py-reuse", "--yes").ok();
    }

    /** Creates the endpoint and its blue deployment from the sample's files, which must fail; shows blue. */
    private static JsonNode failedBlueDeployment(Path endpoints, String endpoint) throws IOException {
        sluice.cli(endpoints, "online-endpoint", "create", "-f", "endpoint.yml", "-n", endpoint).ok();

        SluiceProcess.Result created = sluice.cli(endpoints, "online-deployment", "create", "-f",
                "blue-deployment.yml", "--endpoint-name", endpoint);

        assertThat(created.status()).isNotZero();
        JsonNode shown = JSON.readTree(sluice.cli(endpoints, "online-deployment", "show", "-n", "blue", "-e",
                endpoint).ok().out());
        assertThat(shown.path("provisioning_state").asText()).isEqualTo("Failed");
        return shown;
    }

    @Test
    void anExceptionInInitFailsTheDeploymentWithThePythonTracebackInItsReason() throws Exception {
        Path sample = copyOfSample("broken", """
                import os
                import joblib

                def init():
                    global model
                    model = joblib.load(os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model/missing.pkl"))

                def run(raw_data):
                    return model.predict(raw_data)
                """);
        Path endpoints = sample.resolve("endpoints");
        JsonNode shown = failedBlueDeployment(endpoints, "py-broken");
        assertThat(shown.path("reason").asText()).contains("score.py: init() raised FileNotFoundError")
                .contains("line 6, in init").contains("missing.pkl");
        String console = sluice.cli(endpoints, "online-deployment", "get-logs", "-n", "blue", "-e", "py-broken").ok()
                .out();
        assertThat(console).contains("Traceback (most recent call last):").contains("FileNotFoundError");
        sluice.cli(endpoints, "online-endpoint", "delete", "-n", "py-broken", "--yes").ok();
    }

    @Test
    void aPackageThatNoInterpreterHasFailsTheDeploymentListingIt() throws Exception {
        Path sample = copyOfSample("missing", null);
        Files.writeString(sample.resolve("model-1/environment/conda.yaml"), """
                name: model-env
                dependencies:
                  - python=3.11
                  - scikit-learn
                  - pip:
                    - sluice-no-such-package==1.0
                """);
        Path endpoints = sample.resolve("endpoints");
        JsonNode shown = failedBlueDeployment(endpoints, "py-missing");
        assertThat(shown.path("reason").asText()).contains("does not have: sluice-no-such-package==1.0 (pip)")
                .contains("no package index answered");
        assertThat(sluice.cli(endpoints, "online-deployment", "get-logs", "-n", "blue", "-e", "py-missing",
                "--container", "storage-initializer").ok().out()).contains("lacks sluice-no-such-package==1.0 (pip)");
        sluice.cli(endpoints, "online-endpoint", "delete", "-n", "py-missing", "--yes").ok();
    }

    @Test
    void runErrorsAndAmlResponsesReachTheCallerAs424WithTheModelsStatus() throws Exception {
        Path sample = copyOfSample("errors", """
                import json
                from azureml.contrib.services.aml_response import AMLResponse

                def init():
                    pass

                def run(raw_data):
                    data = json.loads(raw_data)
                    if data == "boom":
                        raise ValueError("cannot score boom")
                    if data == "bad":
                        return AMLResponse("expected a list of rows", 400)
                    return data
                """);
        Path endpoints = sample.resolve("endpoints");
        sluice.cli(endpoints, "online-endpoint", "create", "-f", "endpoint.yml", "-n", "py-errors").ok();
        sluice.cli(endpoints, "online-deployment", "create", "-f", "blue-deployment.yml", "--endpoint-name",
                "py-errors", "--all-traffic").ok();

        HttpResponse<String> boom = score("py-errors", "\"boom\"");
        HttpResponse<String> bad = score("py-errors", "\"bad\"");
        HttpResponse<String> fine = score("py-errors", "[1, 2]");

        assertThat(boom.statusCode()).isEqualTo(424);
        assertThat(boom.headers().firstValue("ms-azureml-model-error-statuscode")).hasValue("500");
        assertThat(boom.body()).contains("ValueError: cannot score boom");
        assertThat(bad.statusCode()).isEqualTo(424);
        assertThat(bad.headers().firstValue("ms-azureml-model-error-statuscode")).hasValue("400");
        assertThat(bad.body()).isEqualTo("expected a list of rows");
        assertThat(fine.statusCode()).isEqualTo(200);
        assertThat(fine.body()).isEqualTo("[1, 2]");
        sluice.cli(endpoints, "online-endpoint", "delete", "-n", "py-errors", "--yes").ok();
    }

    private HttpResponse<String> score(String endpoint, String body) throws Exception {
        JsonNode info = sluice.serverInfo();
        String key = JSON.readTree(sluice.cli(files, "online-endpoint", "get-credentials", "-n", endpoint).ok().out())
                .path("primaryKey").asText();
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TrustedCa.sslContext(Path.of(info.path("caCert").asText()))).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(info.path("gatewayUrl").asText() + "/endpoints/"
                        + endpoint + "/score")).header("Authorization", "Bearer " + key)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The sample folder copied under the test's files, with another score.py when one is given. */
    private Path copyOfSample(String name, String scorePy) throws IOException {
        Path copy = files.resolve(name);
        try (Stream<Path> all = Files.walk(SAMPLE)) {
            for (Path source : all.toList()) {
                Path target = copy.resolve(SAMPLE.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        if (scorePy != null) {
            Files.writeString(copy.resolve("model-1/onlinescoring/score.py"), scorePy);
        }
        return copy;
    }
}
