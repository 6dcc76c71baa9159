package dev.sluice.cli.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

class EndpointCommandsTest {

    private static final String KEY = "primary-key-0123456789abcdef";
    private static final String PATH = "/api/v1/endpoints/my-endpoint";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private StubApi api;
    private CliRunner cli;

    @BeforeEach
    void start() throws Exception {
        api = StubApi.http();
        cli = CliRunner.inDataDir(dir.resolve("data")).withServer(api.url(), "admin-secret", null);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertOneErrorLine(Result result, int status, String line) {
        assertThat(result.status()).isEqualTo(status);
        assertThat(result.err().lines().toList()).last().isEqualTo(line);
        assertThat(result.err().lines().filter(l -> l.startsWith("ERROR:"))).hasSize(1);
    }

    @Test
    void createSendsTheFileAsItIsAndPrintsTheResource() throws Exception {
        Path yml = file("endpoint.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
                name: from-file
                auth_mode: key
                """);
        api.on("POST", "/api/v1/endpoints", request -> Response.json(201,
                Resources.endpoint(request.json().path("name").asText(), "Succeeded", Map.of())));
        Result result = cli.run("online-endpoint", "create", "-f", yml.toString(), "-n", "my-endpoint",
                "--auth-mode", "aml_token");
        assertThat(result.status()).as(result.err()).isZero();
        JsonNode sent = api.requests("POST", "/api/v1/endpoints").get(0).json();
        assertThat(sent.path("$schema").asText()).endsWith("managedOnlineEndpoint.schema.json");
        assertThat(sent.path("name").asText()).isEqualTo("my-endpoint");
        assertThat(sent.path("auth_mode").asText()).isEqualTo("aml_token");
        assertThat(json.readTree(result.out())).isEqualTo(Resources.endpoint("my-endpoint", "Succeeded", Map.of()));
        assertThat(result.out()).contains("\n  \"name\": \"my-endpoint\",\n");
    }

    @Test
    void updateTrafficReplacesTheMapAndKeepsTheRest() throws Exception {
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded",
                Map.of("blue", 100, "green", 0))));
        api.on("PUT", PATH, request -> Response.json(200, ((ObjectNode) request.json()).put("provisioning_state", "Succeeded")));
        Result result = cli.run("online-endpoint", "update", "-n", "my-endpoint", "--traffic", "blue=90 green=10",
                "--set", "tags.owner=ops");
        assertThat(result.status()).as(result.err()).isZero();
        JsonNode put = api.requests("PUT", PATH).get(0).json();
        assertThat(put.path("traffic").toString()).isEqualTo("{\"blue\":90,\"green\":10}");
        assertThat(put.path("description").asText()).isEqualTo("my endpoint");
        assertThat(put.path("tags").toString()).isEqualTo("{\"team\":\"ml\",\"owner\":\"ops\"}");
        assertThat(put.has("provisioning_state")).isFalse();
        assertThat(put.has("scoring_uri")).isFalse();
        assertThat(put.has("created_at")).isFalse();
        assertThat(json.readTree(result.out()).path("traffic").path("green").asInt()).isEqualTo(10);
    }

    @Test
    void updateSendsTheEtagItReadAndStartsAgainWhenTheEndpointChangedMeanwhile() throws Exception {
        Map<String, Integer> traffic = Map.of("blue", 100, "green", 0, "red", 0);
        ObjectNode changedMeanwhile = Resources.endpoint("my-endpoint", "Succeeded", traffic);
        changedMeanwhile.putObject("mirror_traffic").put("green", 10);
        api.onSequence("GET", PATH,
                Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", traffic))
                        .withHeader("ETag", "\"v1\""),
                Response.json(200, changedMeanwhile).withHeader("ETag", "\"v2\""));
        api.on("PUT", PATH, request -> "\"v2\"".equals(request.header("If-Match"))
                ? Response.json(200, request.json())
                : Response.error(412, "PreconditionFailed", "endpoint my-endpoint has changed since it was read"));

        Result result = cli.run("online-endpoint", "update", "-n", "my-endpoint", "--traffic", "blue=90 red=10");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(api.requests("PUT", PATH)).extracting(r -> r.header("If-Match"))
                .containsExactly("\"v1\"", "\"v2\"");
        JsonNode put = api.requests("PUT", PATH).get(1).json();
        assertThat(put.path("traffic").toString()).isEqualTo("{\"blue\":90,\"red\":10}");
        assertThat(put.path("mirror_traffic").toString()).as("the other writer's change is kept")
                .isEqualTo("{\"green\":10}");
    }

    @Test
    void updateGivesUpWhenTheEndpointChangesUnderEveryAttempt() throws Exception {
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of("blue", 100)))
                .withHeader("ETag", "\"v1\""));
        api.on("PUT", PATH, Response.error(412, "PreconditionFailed", "changed"));

        Result result = cli.run("online-endpoint", "update", "-n", "my-endpoint", "--set", "description=x");

        assertOneErrorLine(result, 1, "ERROR: endpoint my-endpoint changed during each of 5 attempts to update it "
                + "(someone else is updating it too); try again (code: PreconditionFailed)");
        assertThat(api.requests("GET", PATH)).hasSize(5);
        assertThat(api.requests("PUT", PATH)).hasSize(5);
    }

    @Test
    void updateMirrorTraffic() throws Exception {
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded",
                Map.of("blue", 100, "green", 0))));
        api.on("PUT", PATH, request -> Response.json(200, request.json()));
        assertThat(cli.run("online-endpoint", "update", "-n", "my-endpoint", "--mirror-traffic", "green=10").status())
                .isZero();
        JsonNode put = api.requests("PUT", PATH).get(0).json();
        assertThat(put.path("mirror_traffic").toString()).isEqualTo("{\"green\":10}");
        assertThat(put.path("traffic")).isEqualTo(json.readTree("{\"blue\":100,\"green\":0}"));
    }

    @Test
    void aBadTrafficTokenIsOneLineAndNothingIsSent() {
        Result result = cli.run("online-endpoint", "update", "-n", "my-endpoint", "--traffic", "blue=ninety green=10");
        assertOneErrorLine(result, 1, "ERROR: --traffic: blue=ninety (expected: NAME=PERCENT) (code: BadArgument)");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void aSetThatBreaksTheSpecNamesTheField() {
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of("blue", 100))));
        Result result = cli.run("online-endpoint", "update", "-n", "my-endpoint", "--set", "auth_mode=password");
        assertOneErrorLine(result, 1,
                "ERROR: auth_mode: password (expected: key | aml_token | aad_token) (code: BadArgument)");
        assertThat(api.requests("PUT", PATH)).isEmpty();
    }

    @Test
    void updateFromAFileKeepsTheCurrentTrafficWhenTheFileHasNone() throws Exception {
        Path yml = file("endpoint.yml", "name: my-endpoint\ndescription: new text\n");
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of("blue", 100))));
        api.on("PUT", PATH, request -> Response.json(200, request.json()));
        assertThat(cli.run("online-endpoint", "update", "-f", yml.toString()).status()).isZero();
        JsonNode put = api.requests("PUT", PATH).get(0).json();
        assertThat(put.path("description").asText()).isEqualTo("new text");
        assertThat(put.path("traffic").toString()).isEqualTo("{\"blue\":100}");
        assertThat(put.has("tags")).as("the file is the new spec").isFalse();
    }

    @Test
    void updateWithNothingToDoIsAUsageError() {
        Result result = cli.run("online-endpoint", "update", "-n", "my-endpoint");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("ERROR: nothing to update");
    }

    @Test
    void deleteWithoutATerminalAsksForYes() {
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of())));
        Result result = cli.run("online-endpoint", "delete", "-n", "my-endpoint");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("pass --yes");
        assertThat(api.requests("DELETE", PATH)).isEmpty();
    }

    @Test
    void deleteOnATerminalAsksAndWaitsUntilTheEndpointIsGone() {
        api.onSequence("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of())),
                Response.json(200, Resources.endpoint("my-endpoint", "Deleting", Map.of())),
                Response.error(404, "ResourceNotFound", "endpoint my-endpoint does not exist"));
        api.on("DELETE", PATH, Response.json(200, "{}"));
        Result result = cli.onTerminal("y\n").run("online-endpoint", "delete", "-n", "my-endpoint");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.err()).contains("Delete endpoint my-endpoint and all its deployments? [y/N]")
                .contains("my-endpoint: Deleting").contains("endpoint my-endpoint: deleted");
        assertThat(api.requests("DELETE", PATH)).hasSize(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void answeringNoDeletesNothing() {
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of())));
        Result result = cli.onTerminal("n\n").run("online-endpoint", "delete", "-n", "my-endpoint");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("Cancelled");
        assertThat(api.requests("DELETE", PATH)).isEmpty();
    }

    @Test
    void invokeUsesTheKeyWithoutPrintingIt() throws Exception {
        ObjectNode endpoint = Resources.endpoint("my-endpoint", "Succeeded", Map.of("blue", 100));
        endpoint.put("scoring_uri", api.url() + "/endpoints/my-endpoint/score");
        api.on("GET", PATH, Response.json(200, endpoint));
        api.on("POST", PATH + "/listKeys", Response.json(200, "{\"primaryKey\":\"" + KEY + "\",\"secondaryKey\":\"s2\"}"));
        api.on("POST", "/endpoints/my-endpoint/score", Response.json(200, "[11055.977245525679]"));
        Path request = file("sample-request.json", "{\"data\": [[1,2,3,4,5,6,7,8,9,10]]}");
        Result result = cli.run("online-endpoint", "invoke", "-n", "my-endpoint", "-r", request.toString(),
                "--deployment-name", "blue");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("[11055.977245525679]\n");
        StubApi.Request scored = api.requests("POST", "/endpoints/my-endpoint/score").get(0);
        assertThat(scored.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(scored.header("azureml-model-deployment")).isEqualTo("blue");
        assertThat(scored.text()).isEqualTo("{\"data\": [[1,2,3,4,5,6,7,8,9,10]]}");
        assertThat(result.out() + result.err()).doesNotContain(KEY);
    }

    @Test
    void aFailedScoringRequestGoesToStderr() throws Exception {
        ObjectNode endpoint = Resources.endpoint("my-endpoint", "Succeeded", Map.of("blue", 100));
        endpoint.put("scoring_uri", api.url() + "/endpoints/my-endpoint/score");
        api.on("GET", PATH, Response.json(200, endpoint));
        api.on("POST", PATH + "/listKeys", Response.json(200, "{\"primaryKey\":\"" + KEY + "\",\"secondaryKey\":\"s2\"}"));
        api.on("POST", "/endpoints/my-endpoint/score", Response.json(424, "{\"message\":\"bad input\"}"));
        Result result = cli.run("online-endpoint", "invoke", "-n", "my-endpoint", "-r",
                file("r.json", "{}").toString());
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("{\"message\":\"bad input\"}\n")
                .contains("ERROR: endpoint my-endpoint answered HTTP 424 (code: ModelError)").doesNotContain(KEY);
    }

    @Test
    void getCredentialsIsTheOneCommandThatPrintsKeys() throws Exception {
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of())));
        api.on("POST", PATH + "/listKeys", Response.json(200, "{\"primaryKey\":\"" + KEY + "\",\"secondaryKey\":\"s2\"}"));
        Result result = cli.run("online-endpoint", "get-credentials", "-n", "my-endpoint");
        assertThat(json.readTree(result.out()))
                .isEqualTo(json.readTree("{\"primaryKey\":\"" + KEY + "\",\"secondaryKey\":\"s2\"}"));
    }

    @Test
    void regenerateKeysSendsTheKeyType() {
        api.on("POST", PATH + "/regenerateKeys", Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of())));
        assertThat(cli.run("online-endpoint", "regenerate-keys", "-n", "my-endpoint", "--key-type", "secondary")
                .status()).isZero();
        assertThat(api.requests().get(0).text()).isEqualTo("{\"keyType\":\"secondary\"}");
        Result bad = cli.run("online-endpoint", "regenerate-keys", "-n", "my-endpoint", "--key-type", "tertiary");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("tertiary (expected: primary | secondary)");
    }

    @Test
    void showAndListInEveryFormat() throws Exception {
        api.on("GET", PATH, Response.json(200, Resources.endpoint("my-endpoint", "Succeeded", Map.of("blue", 100))));
        api.on("GET", "/api/v1/endpoints", Response.json(200, "{\"value\":["
                + Resources.endpoint("my-endpoint", "Succeeded", Map.of("blue", 100)) + "]}"));
        assertThat(cli.run("online-endpoint", "show", "-n", "my-endpoint", "-o", "table").out())
                .isEqualTo("NAME         AUTH MODE  STATE      TRAFFIC   MIRROR\n"
                        + "my-endpoint  key        Succeeded  blue=100  -\n");
        assertThat(cli.run("online-endpoint", "list", "-o", "yaml").out()).startsWith("- name: my-endpoint\n");
        JsonNode list = json.readTree(cli.run("online-endpoint", "list").out());
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0).path("name").asText()).isEqualTo("my-endpoint");
    }

    @Test
    void serverErrorsAreOneLineWithTheirCode() {
        Result result = cli.run("online-endpoint", "show", "-n", "nope-nope");
        assertOneErrorLine(result, 1,
                "ERROR: no stub for GET /api/v1/endpoints/nope-nope (code: ResourceNotFound)");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void withoutServerJsonTheMessageSaysHowToStartOne() {
        Path empty = dir.resolve("empty");
        Result result = CliRunner.inDataDir(empty).run("online-endpoint", "list");
        assertOneErrorLine(result, 1, "ERROR: no server found: " + empty.resolve("server.json")
                + " is missing; start one with `sluice server` (code: ResourceNotFound)");
    }

    @Test
    void usageErrorsExitTwoOnOneLine() {
        Result result = cli.run("online-endpoint", "show", "--nme", "x");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err().lines().filter(l -> l.startsWith("ERROR:"))).hasSize(1);
        assertThat(result.err()).contains("see 'sluice online-endpoint show --help'").contains("(code: BadArgument)");
    }
}
