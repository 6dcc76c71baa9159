package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.client.TrustedCa;
import dev.sluice.core.home.ServerInfo;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.server.testing.SluiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input through the real CLI, and a server restart that must lose nothing. */
class LifecycleE2ETest {

    private static final Path EXAMPLE = RunningServer.EXAMPLES.resolve("blue-green");

    @TempDir
    static Path home;

    @TempDir
    Path files;

    private static SluiceProcess sluice;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServer() {
        sluice = SluiceProcess.in(home);
        sluice.startServer();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        sluice.stopServer();
    }

    @Test
    void invalidFilesAreRejectedNamingTheFieldTheValueAndTheFile() throws IOException {
        rejects(endpointFile("bad-name.yml", "name: 9lives\n"), "bad-name.yml", "name: 9lives (expected:");
        rejects(endpointFile("extra.yml", "name: extra-key\ncolour: blue\n"), "extra.yml",
                "colour: unknown key (expected:");
        rejects(endpointFile("traffic.yml", "name: traffic-ep\ntraffic:\n  blue: 120\n"), "traffic.yml",
                "traffic.blue: 120 (expected: 0..100)");
        rejects(endpointFile("mirror.yml", "name: mirror-ep\nmirror_traffic:\n  green: 60\n"), "mirror.yml",
                "mirror_traffic.green: 60 (expected: 0..50)");
        Path count = deploymentFile("count.yml", "instance_count: 0\n");
        SluiceProcess.Result zero = sluice.sluice("online-deployment", "create", "-f", count.toString());
        assertThat(zero.status()).isEqualTo(1);
        assertThat(zero.err()).contains("count.yml").contains("instance_count: 0 (expected: 1..50)");
        Path missing = files.resolve("missing.yml");
        Files.writeString(missing, "name: blue\nendpoint_name: my-endpoint\nmodel:\n  path: ./no-such-model\n"
                + "  type: triton_model\ninstance_count: 1\n");
        SluiceProcess.Result noModel = sluice.sluice("online-deployment", "create", "-f", missing.toString());
        assertThat(noModel.status()).isEqualTo(1);
        assertThat(noModel.err()).contains("missing.yml").contains("model.path").contains("no-such-model");
    }

    @Test
    void trafficRulesNeedTheServerAndAreEnforcedThere() {
        ok(sluice.sluice("online-endpoint", "create", "-f", EXAMPLE.resolve("endpoint.yml").toString(),
                "-n", "rules-ep"));
        ok(sluice.sluice("online-deployment", "create", "-f", EXAMPLE.resolve("blue-deployment.yml").toString(),
                "--endpoint-name", "rules-ep", "--all-traffic"));
        SluiceProcess.Result unknown = sluice.sluice("online-endpoint", "update", "-n", "rules-ep",
                "--traffic", "blue=50 ghost=50");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("traffic.ghost").contains("unknown deployment");
        SluiceProcess.Result sum = sluice.sluice("online-endpoint", "update", "-n", "rules-ep", "--traffic", "blue=90");
        assertThat(sum.status()).isEqualTo(1);
        assertThat(sum.err()).contains("90").contains("0 or 100");
        SluiceProcess.Result live = sluice.sluice("online-endpoint", "update", "-n", "rules-ep",
                "--mirror-traffic", "blue=10");
        assertThat(live.status()).isEqualTo(1);
        assertThat(live.err()).contains("mirror_traffic.blue").contains("live traffic");
        SluiceProcess.Result delete = sluice.sluice("online-deployment", "delete", "-n", "blue", "-e", "rules-ep",
                "--yes");
        assertThat(delete.status()).isEqualTo(1);
        assertThat(delete.err()).contains("move its traffic first").contains("(code: Conflict)");
        ok(sluice.sluice("online-endpoint", "delete", "-n", "rules-ep", "--yes"));
        SluiceProcess.Result gone = sluice.sluice("online-deployment", "show", "-n", "blue", "-e", "rules-ep");
        assertThat(gone.status()).isEqualTo(1);
    }

    @Test
    void aRestartedServerBringsBackEverythingAndTheSameKeyWorks() throws Exception {
        ok(sluice.sluice("online-endpoint", "create", "-f", EXAMPLE.resolve("endpoint.yml").toString(),
                "-n", "keeper"));
        ok(sluice.sluice("online-deployment", "create", "-f", EXAMPLE.resolve("blue-deployment.yml").toString(),
                "--endpoint-name", "keeper", "--all-traffic"));
        ok(sluice.sluice("online-deployment", "create", "-f", EXAMPLE.resolve("green-deployment.yml").toString(),
                "--endpoint-name", "keeper"));
        ok(sluice.sluice("online-endpoint", "update", "-n", "keeper", "--mirror-traffic", "green=10"));
        String key = json.readTree(ok(sluice.sluice("online-endpoint", "get-credentials", "-n", "keeper")))
                .path("primaryKey").asText();
        assertThat(score(sluice.serverInfo(), key).statusCode()).isEqualTo(200);

        assertThat(sluice.stopServer()).isZero();
        ServerInfo restarted = sluice.startServer();

        await().atMost(Duration.ofSeconds(60)).until(() -> score(restarted, key).statusCode() == 200);
        JsonNode endpoint = json.readTree(ok(sluice.sluice("online-endpoint", "show", "-n", "keeper")));
        assertThat(endpoint.path("traffic").path("blue").asInt()).isEqualTo(100);
        assertThat(endpoint.path("mirror_traffic").path("green").asInt()).isEqualTo(10);
        JsonNode green = json.readTree(ok(sluice.sluice("online-deployment", "show", "-n", "green", "-e", "keeper")));
        assertThat(green.path("provisioning_state").asText()).isEqualTo("Succeeded");
        await().atMost(Duration.ofSeconds(60)).until(() -> json.readTree(ok(sluice.sluice("online-deployment",
                "show", "-n", "green", "-e", "keeper"))).path("instances").path(0).path("state").asText()
                .equals("Ready"));
        HttpResponse<String> pinned = score(restarted, key, "green");
        assertThat(pinned.headers().firstValue("azureml-model-deployment")).hasValue("green");
    }

    private HttpResponse<String> score(ServerInfo info, String key) throws IOException, InterruptedException {
        return score(info, key, null);
    }

    private HttpResponse<String> score(ServerInfo info, String key, String deployment)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().sslContext(TrustedCa.sslContext(Path.of(info.caCert())))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(info.gatewayUrl() + "/endpoints/keeper/score"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(EXAMPLE.resolve("sample-request.json")));
        if (deployment != null) {
            request.header("azureml-model-deployment", deployment);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void rejects(Path file, String fileName, String message) {
        SluiceProcess.Result r = sluice.sluice("online-endpoint", "create", "-f", file.toString());
        assertThat(r.status()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(fileName).contains(message).contains("(code: BadArgument)");
        assertThat(r.err().lines().count()).as("one line: %s", r.err()).isEqualTo(1);
    }

    private Path endpointFile(String name, String yaml) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\n"
                + yaml);
        return file;
    }

    private Path deploymentFile(String name, String extra) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, "name: blue\nendpoint_name: my-endpoint\nmodel:\n  path: "
                + EXAMPLE.resolve("../quickstart/model-v1").normalize() + "\n  type: triton_model\n" + extra);
        return file;
    }

    private static String ok(SluiceProcess.Result r) {
        assertThat(r.status()).as("stdout: %s%nstderr: %s", r.out(), r.err()).isZero();
        return r.out();
    }
}
