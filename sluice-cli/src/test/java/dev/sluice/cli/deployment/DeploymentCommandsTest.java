package dev.sluice.cli.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.artifacts.ArtifactTree;
import dev.sluice.cli.testing.CliRunner;
import dev.sluice.cli.testing.CliRunner.Result;
import dev.sluice.cli.testing.Resources;
import dev.sluice.cli.testing.StubApi;
import dev.sluice.cli.testing.StubApi.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentCommandsTest {

    private static final String DEPLOYMENTS = "/api/v1/endpoints/my-endpoint/deployments";
    private static final String BLUE = DEPLOYMENTS + "/blue";
    private static final String ENDPOINT = "/api/v1/endpoints/my-endpoint";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private StubApi api;
    private CliRunner cli;
    private Path blueYml;

    @BeforeEach
    void start() throws Exception {
        api = StubApi.http();
        cli = CliRunner.inDataDir(dir.resolve("data")).withServer(api.url(), "admin-secret", null);
        Path model1 = dir.resolve("endpoints/online/model-1");
        Files.createDirectories(model1.resolve("model"));
        Files.createDirectories(model1.resolve("onlinescoring/__pycache__"));
        Files.writeString(model1.resolve("model/sklearn_regression_model.pkl"), "weights");
        Files.writeString(model1.resolve("onlinescoring/score.py"), "def init():\n    pass\n");
        Files.writeString(model1.resolve("onlinescoring/__pycache__/score.cpython-311.pyc"), "cache");
        Path sample = Files.createDirectories(dir.resolve("endpoints/online/managed/sample"));
        blueYml = Files.writeString(sample.resolve("blue-deployment.yml"), """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
                name: blue
                endpoint_name: my-endpoint
                model:
                  path: ../../model-1/model/
                code_configuration:
                  code: ../../model-1/onlinescoring/
                  scoring_script: score.py
                instance_type: Standard_DS3_v2
                instance_count: 1
                """);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String artifactPath(Path folder, boolean model) {
        ArtifactTree tree = model ? ArtifactTree.model(folder) : ArtifactTree.contents(folder);
        return "/api/v1/artifacts/" + tree.ref().hex();
    }

    private void serverCreatesAndRollsOut(Response... states) {
        api.on("GET", ENDPOINT, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of())));
        api.on("POST", DEPLOYMENTS, Response.json(201, Resources.deployment("my-endpoint", "blue", "Creating", 0, 1, "")));
        api.onSequence("GET", BLUE, states);
    }

    @Test
    void createUploadsWhatIsMissingWaitsAndPrintsProgress() throws Exception {
        String model = artifactPath(dir.resolve("endpoints/online/model-1/model"), true);
        String code = artifactPath(dir.resolve("endpoints/online/model-1/onlinescoring"), false);
        api.on("HEAD", model, Response.empty(200));
        api.on("HEAD", code, Response.empty(404));
        api.on("PUT", code, Response.json(201, "{}"));
        serverCreatesAndRollsOut(
                Response.json(200, Resources.deployment("my-endpoint", "blue", "Creating", 0, 1, "")),
                Response.json(200, Resources.deployment("my-endpoint", "blue", "Creating", 0, 1, "")),
                Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, "")));
        Result result = cli.run("online-deployment", "create", "-f", blueYml.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(api.requests("PUT", model)).as("the server has the model already").isEmpty();
        assertThat(api.requests("PUT", code)).hasSize(1);
        JsonNode sent = api.requests("POST", DEPLOYMENTS).get(0).json();
        assertThat(sent.path("model").path("path").asText()).isEqualTo("sha256:" + model.substring(model.lastIndexOf('/') + 1));
        assertThat(sent.path("code_configuration").path("code").asText())
                .isEqualTo("sha256:" + code.substring(code.lastIndexOf('/') + 1));
        assertThat(result.err()).contains("model ../../model-1/model/: already on the server")
                .contains("Uploading code ../../model-1/onlinescoring/ (1 file, ")
                .containsSubsequence("blue: Creating, 0/1 instances ready", "blue: Succeeded, 1/1 instances ready");
        assertThat(result.err().lines().filter(l -> l.startsWith("blue: Creating"))).hasSize(1);
        assertThat(json.readTree(result.out()).path("provisioning_state").asText()).isEqualTo("Succeeded");
    }

    @Test
    void allTrafficPutsTheEndpointsTrafficOnceSucceeded() throws Exception {
        api.on("HEAD", artifactPath(dir.resolve("endpoints/online/model-1/model"), true), Response.empty(200));
        api.on("HEAD", artifactPath(dir.resolve("endpoints/online/model-1/onlinescoring"), false), Response.empty(200));
        serverCreatesAndRollsOut(Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, "")));
        api.on("GET", ENDPOINT, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded",
                Map.of("green", 100, "blue", 0))));
        api.on("PUT", ENDPOINT, request -> Response.json(200, request.json()));
        Result result = cli.run("online-deployment", "create", "-f", blueYml.toString(), "--all-traffic");
        assertThat(result.status()).as(result.err()).isZero();
        JsonNode put = api.requests("PUT", ENDPOINT).get(0).json();
        assertThat(put.path("traffic").toString()).isEqualTo("{\"blue\":100}");
        assertThat(put.path("name").asText()).isEqualTo("my-endpoint");
        assertThat(put.has("provisioning_state")).isFalse();
        assertThat(result.err()).contains("my-endpoint: traffic blue=100");
    }

    @Test
    void aFailedDeploymentPrintsItsReasonAndExitsOne() {
        api.on("HEAD", artifactPath(dir.resolve("endpoints/online/model-1/model"), true), Response.empty(200));
        api.on("HEAD", artifactPath(dir.resolve("endpoints/online/model-1/onlinescoring"), false), Response.empty(200));
        serverCreatesAndRollsOut(Response.json(200, Resources.deployment("my-endpoint", "blue", "Failed", 0, 1,
                "instance blue-0 exited with code 3 before it was ready. Last log lines:\nNameError: name 'x' is not defined")));
        Result result = cli.run("online-deployment", "create", "-f", blueYml.toString(), "--all-traffic");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("  | NameError: name 'x' is not defined");
        assertThat(result.err().lines().toList()).last().isEqualTo("ERROR: deployment blue of endpoint my-endpoint "
                + "failed: instance blue-0 exited with code 3 before it was ready. Last log lines: (code: InstanceFailed)");
        assertThat(api.requests("PUT", ENDPOINT)).as("no traffic for a failed deployment").isEmpty();
    }

    @Test
    void noWaitReturnsTheCreatedResourceAtOnce() throws Exception {
        api.on("HEAD", artifactPath(dir.resolve("endpoints/online/model-1/model"), true), Response.empty(200));
        api.on("HEAD", artifactPath(dir.resolve("endpoints/online/model-1/onlinescoring"), false), Response.empty(200));
        serverCreatesAndRollsOut(Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, "")));
        Result result = cli.run("online-deployment", "create", "-f", blueYml.toString(), "--no-wait",
                "--endpoint-name", "my-endpoint");
        assertThat(result.status()).isZero();
        assertThat(json.readTree(result.out()).path("provisioning_state").asText()).isEqualTo("Creating");
        assertThat(api.requests("GET", BLUE)).isEmpty();
        Result both = cli.run("online-deployment", "create", "-f", blueYml.toString(), "--no-wait", "--all-traffic");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).contains("--all-traffic waits for the deployment to succeed");
    }

    @Test
    void anUnknownEndpointIsReportedBeforeAnyUpload() {
        api.on("GET", ENDPOINT, Response.error(404, "ResourceNotFound", "endpoint my-endpoint does not exist"));
        Result result = cli.run("online-deployment", "create", "-f", blueYml.toString());
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("ERROR: endpoint my-endpoint does not exist (code: ResourceNotFound)");
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void aMissingFolderIsNamedAndNothingIsSent() throws Exception {
        Files.writeString(blueYml, Files.readString(blueYml).replace("../../model-1/model/", "../model-1/model/"));
        Result result = cli.run("online-deployment", "create", "-f", blueYml.toString());
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("ERROR: " + blueYml + ": model.path: ../model-1/model/ does not exist"
                + " (resolved to " + dir.resolve("endpoints/online/managed/model-1/model") + ") (code: BadArgument)");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void updateWithSetChangesOneFieldOfTheCurrentSpec() throws Exception {
        api.onSequence("GET", BLUE, Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, "")),
                Response.json(200, Resources.deployment("my-endpoint", "blue", "Updating", 1, 3, "")),
                Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 3, 3, "")));
        api.on("PUT", BLUE, request -> Response.json(200, ((ObjectNode) request.json()).put("provisioning_state", "Updating")));
        Result result = cli.run("online-deployment", "update", "-n", "blue", "-e", "my-endpoint",
                "--set", "instance_count=3");
        assertThat(result.status()).as(result.err()).isZero();
        JsonNode put = api.requests("PUT", BLUE).get(0).json();
        assertThat(put.path("instance_count").asInt()).isEqualTo(3);
        assertThat(put.path("model").path("path").asText()).isEqualTo("sha256:" + "1".repeat(64));
        assertThat(put.has("instances")).isFalse();
        assertThat(put.has("events")).isFalse();
        assertThat(put.has("generation")).isFalse();
        assertThat(api.requests().stream().filter(r -> r.path().startsWith("/api/v1/artifacts"))).isEmpty();
        assertThat(result.err()).contains("blue: Succeeded, 3/3 instances ready");
    }

    @Test
    void updateWithSetSendsIfMatchAndStartsAgainOn412() throws Exception {
        api.onSequence("GET", BLUE,
                Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, ""))
                        .withHeader("ETag", "\"v1\""),
                Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 2, 2, ""))
                        .withHeader("ETag", "\"v2\""));
        api.on("PUT", BLUE, request -> "\"v2\"".equals(request.header("If-Match"))
                ? Response.json(200, request.json())
                : Response.error(412, "PreconditionFailed", "deployment blue has changed since it was read"));

        Result result = cli.run("online-deployment", "update", "-n", "blue", "-e", "my-endpoint",
                "--set", "tags.owner=ops", "--no-wait");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(api.requests("PUT", BLUE)).extracting(r -> r.header("If-Match"))
                .containsExactly("\"v1\"", "\"v2\"");
        assertThat(api.requests("PUT", BLUE).get(1).json().path("instance_count").asInt())
                .as("built on the version the other writer left").isEqualTo(2);
    }

    @Test
    void updateWithAnInvalidSetNamesTheField() {
        api.on("GET", BLUE, Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, "")));
        Result result = cli.run("online-deployment", "update", "-n", "blue", "-e", "my-endpoint", "--set", "instance_count=0");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("ERROR: instance_count: 0 (expected: 1..50) (code: BadArgument)");
        assertThat(api.requests("PUT", BLUE)).isEmpty();
    }

    @Test
    void updateWithSetKeepsTheZeroCountOfADeploymentAnAutoscaleSettingScaledToZero() {
        api.on("GET", BLUE, Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 0, 0, "")));
        api.on("PUT", BLUE, request -> Response.json(200, request.json()));
        Result result = cli.run("online-deployment", "update", "-n", "blue", "-e", "my-endpoint",
                "--set", "tags.owner=ops", "--no-wait");
        assertThat(result.status()).as(result.err()).isZero();
        JsonNode put = api.requests("PUT", BLUE).get(0).json();
        assertThat(put.path("instance_count").asInt()).isZero();
        assertThat(put.path("tags").path("owner").asText()).isEqualTo("ops");
    }

    @Test
    void updateWithSetStillRefusesAZeroCountTheDeploymentDidNotHave() {
        api.on("GET", BLUE, Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 2, 2, "")));
        Result result = cli.run("online-deployment", "update", "-n", "blue", "-e", "my-endpoint",
                "--set", "instance_count=0", "--set", "tags.owner=ops");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("ERROR: instance_count: 0 (expected: 1..50) (code: BadArgument)");
        assertThat(api.requests("PUT", BLUE)).isEmpty();
    }

    @Test
    void updateFromAFilePutsTheFilesSpec() throws Exception {
        api.on("HEAD", artifactPath(dir.resolve("endpoints/online/model-1/model"), true), Response.empty(200));
        api.on("HEAD", artifactPath(dir.resolve("endpoints/online/model-1/onlinescoring"), false), Response.empty(200));
        api.on("GET", BLUE, Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, "")));
        api.on("PUT", BLUE, request -> Response.json(200, request.json()));
        Result result = cli.run("online-deployment", "update", "-f", blueYml.toString(), "--no-wait");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(api.requests("PUT", BLUE).get(0).json().path("instance_type").asText()).isEqualTo("Standard_DS3_v2");
    }

    @Test
    void deleteWithTrafficShowsTheServersRefusal() {
        api.on("GET", BLUE, Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, "")));
        api.on("DELETE", BLUE, Response.error(409, "Conflict",
                "deployment blue has live traffic (traffic.blue: 100); move its traffic first"));
        Result result = cli.run("online-deployment", "delete", "-n", "blue", "-e", "my-endpoint", "--yes");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("ERROR: deployment blue has live traffic (traffic.blue: 100); "
                + "move its traffic first (code: Conflict)");
    }

    @Test
    void deleteWaitsUntilTheDeploymentIsGone() {
        api.onSequence("GET", BLUE, Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 1, 1, "")),
                Response.json(200, Resources.deployment("my-endpoint", "blue", "Deleting", 0, 1, "")),
                Response.error(404, "ResourceNotFound", "gone"));
        api.on("DELETE", BLUE, Response.json(200, "{}"));
        Result result = cli.onTerminal("yes\n").run("online-deployment", "delete", "-n", "blue", "-e", "my-endpoint");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.err()).contains("Delete deployment blue of endpoint my-endpoint? [y/N]")
                .contains("blue: Deleting").contains("deployment blue of endpoint my-endpoint: deleted");
    }

    @Test
    void getLogsPrintsTheTextAsItIs() {
        api.on("GET", BLUE + "/logs", Response.text(200, "ACCESS POST /score 200 3ms abc\nready\n"));
        Result result = cli.run("online-deployment", "get-logs", "-n", "blue", "-e", "my-endpoint", "--lines", "20",
                "--container", "inference-server");
        assertThat(result.out()).isEqualTo("ACCESS POST /score 200 3ms abc\nready\n");
        assertThat(api.requests().get(0).query()).isEqualTo("lines=20&container=inference-server");
        Result bad = cli.run("online-deployment", "get-logs", "-n", "blue", "-e", "my-endpoint", "--container", "sidecar");
        assertThat(bad.err().strip()).isEqualTo(
                "ERROR: --container: sidecar (expected: inference-server | storage-initializer) (code: BadArgument)");
    }

    @Test
    void showAndListTables() {
        api.on("GET", BLUE, Response.json(200, Resources.deployment("my-endpoint", "blue", "Succeeded", 2, 2, "")));
        api.on("GET", DEPLOYMENTS, Response.json(200, "{\"value\":["
                + Resources.deployment("my-endpoint", "blue", "Succeeded", 2, 2, "") + "]}"));
        assertThat(cli.run("online-deployment", "show", "-n", "blue", "-e", "my-endpoint", "-o", "table").out())
                .isEqualTo("NAME  ENDPOINT     STATE      READY  REASON\nblue  my-endpoint  Succeeded  2/2\n");
        assertThat(cli.run("online-deployment", "list", "-e", "my-endpoint").out()).startsWith("[\n  {\n    \"name\": \"blue\"");
    }
}
