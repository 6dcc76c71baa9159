package dev.sluice.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.cli.testing.StubApi;
import dev.sluice.cli.testing.StubApi.Response;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.KeyType;
import dev.sluice.core.spec.EndpointSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SluiceClientTest {

    private StubApi api;
    private SluiceClient client;

    @BeforeEach
    void start() throws Exception {
        api = StubApi.http();
        client = SluiceClient.connect(new ServerConnection(api.url(), "admin-secret", null, "--server"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void sendsTheAdminTokenAndTheSpecAsJson() {
        api.on("POST", "/api/v1/endpoints", request -> Response.json(201, ((com.fasterxml.jackson.databind.node.ObjectNode) request.json()).put("provisioning_state", "Succeeded")));
        var created = client.createEndpoint(EndpointSpec.named("my-endpoint"));
        assertThat(created.path("name").asText()).isEqualTo("my-endpoint");
        assertThat(created.path("auth_mode").asText()).isEqualTo("key");
        StubApi.Request request = api.requests().get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer admin-secret");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void listsAreTheValueArrays() {
        api.on("GET", "/api/v1/endpoints", Response.json(200, "{\"value\":[{\"name\":\"a-1\"},{\"name\":\"b-2\"}]}"));
        assertThat(client.listEndpoints()).extracting(n -> n.path("name").asText()).containsExactly("a-1", "b-2");
    }

    @Test
    void serverErrorsKeepTheirCodeAndMessage() {
        api.on("DELETE", "/api/v1/endpoints/e-1/deployments/blue", Response.error(409, "Conflict",
                "deployment blue has 100% of the traffic; move its traffic first"));
        SluiceException e = catchThrowableOfType(SluiceException.class, () -> client.deleteDeployment("e-1", "blue"));
        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("deployment blue has 100% of the traffic; move its traffic first");
    }

    @Test
    void everyAzureNameMapsBackToItsCode() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ApiErrors.byAzureName(code.azureName())).contains(code);
        }
        assertThat(ApiErrors.byAzureName("SomethingNew")).isEmpty();
    }

    @Test
    void unknownCodesAndOtherBodiesFallBackOnTheStatus() {
        api.on("GET", "/api/v1/endpoints/x-1", Response.error(400, "SomethingNew", "bad thing"));
        api.on("GET", "/api/v1/endpoints/y-1", Response.text(502, "<html>bad gateway</html>"));
        assertThat(catchThrowableOfType(SluiceException.class, () -> client.getEndpoint("x-1")).code())
                .isEqualTo(ErrorCode.BAD_ARGUMENT);
        SluiceException proxy = catchThrowableOfType(SluiceException.class, () -> client.getEndpoint("y-1"));
        assertThat(proxy.getMessage()).contains("answered HTTP 502: <html>bad gateway</html>");
    }

    @Test
    void findAnswersEmptyOnNotFound() {
        api.on("GET", "/api/v1/endpoints/e-1", Response.json(200, "{\"name\":\"e-1\"}"));
        assertThat(client.findEndpoint("e-1")).isPresent();
        assertThat(client.findEndpoint("gone")).isEmpty();
    }

    @Test
    void keysAndRegeneration() {
        api.on("POST", "/api/v1/endpoints/e-1/listKeys", Response.json(200, "{\"primaryKey\":\"p\",\"secondaryKey\":\"s\"}"));
        api.on("POST", "/api/v1/endpoints/e-1/regenerateKeys", Response.json(200, "{\"name\":\"e-1\"}"));
        assertThat(client.listKeys("e-1").primaryKey()).isEqualTo("p");
        assertThat(client.listKeys("e-1").toString()).doesNotContain("p,").doesNotContain("=p");
        client.regenerateKeys("e-1", KeyType.SECONDARY);
        assertThat(api.requests("POST", "/api/v1/endpoints/e-1/regenerateKeys").get(0).text())
                .isEqualTo("{\"keyType\":\"secondary\"}");
    }

    @Test
    void logsPassTheirQueryAndAnswerText() {
        api.on("GET", "/api/v1/endpoints/e-1/deployments/blue/logs", Response.text(200, "line 1\nline 2\n"));
        assertThat(client.logs("e-1", "blue", 50, "storage-initializer")).isEqualTo("line 1\nline 2\n");
        assertThat(api.requests().get(0).query()).isEqualTo("lines=50&container=storage-initializer");
    }

    @Test
    void invokeSendsTheKeyAndReturnsErrorsInsteadOfThrowing() {
        api.on("POST", "/endpoints/e-1/score", request -> request.header("azureml-model-deployment") == null
                ? Response.json(200, "[1.5]") : Response.json(424, "{\"message\":\"model failed\"}"));
        URI scoring = URI.create(api.url() + "/endpoints/e-1/score");
        InvokeResult ok = client.invoke(scoring, "endpoint-key", "{\"data\":[1]}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("[1.5]");
        StubApi.Request sent = api.requests().get(0);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer endpoint-key");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.text()).isEqualTo("{\"data\":[1]}");
        InvokeResult failed = client.invoke(scoring, "endpoint-key", new byte[0], "green");
        assertThat(failed.isSuccess()).isFalse();
        assertThat(failed.status()).isEqualTo(424);
    }

    @Test
    void aRefusedConnectionSaysNoServerAnswers() {
        URI url = api.url();
        api.close();
        SluiceClient stale = SluiceClient.connect(new ServerConnection(url, "t", null, "/data/server.json"));
        SluiceException e = catchThrowableOfType(SluiceException.class, stale::listEndpoints);
        assertThat(e.getMessage()).startsWith("no server answers at " + url + " (connection refused)")
                .contains("/data/server.json may be left from a server that has stopped");
    }

    @Test
    void theTokenNeverShowsInToString() {
        ServerConnection connection = new ServerConnection(api.url(), "admin-secret", null, "--server");
        assertThat(connection.toString()).doesNotContain("admin-secret");
        assertThat(new ConnectionOptions("u", "admin-secret", null, null).toString()).doesNotContain("admin-secret");
    }

    @Test
    void serverInfoIsPlainJson() {
        api.on("GET", "/api/v1/server", Response.json(200, "{\"version\":\"0.1.0\",\"apiUrl\":\"x\",\"gatewayUrl\":\"y\"}"));
        assertThat(client.serverInfo().path("version").asText()).isEqualTo("0.1.0");
        assertThatThrownBy(() -> client.getDeployment("e-1", "nope")).isInstanceOf(SluiceException.class)
                .hasMessageContaining("no stub for GET /api/v1/endpoints/e-1/deployments/nope");
    }
}
