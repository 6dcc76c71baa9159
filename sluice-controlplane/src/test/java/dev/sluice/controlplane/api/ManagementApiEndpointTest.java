package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** Endpoint routes, auth, errors and server routes over real HTTP. */
class ManagementApiEndpointTest extends ApiTestBase {

    @Test
    void everyRouteNeedsTheAdminToken() {
        for (ApiClient caller : new ApiClient[] {client.withToken(null), client.withToken("wrong-token"),
                client.withToken("")}) {
            for (String path : new String[] {"/api/v1/endpoints", "/metrics", "/api/v1/server", "/no/such/route"}) {
                ApiClient.Answer answer = caller.get(path);
                assertThat(answer.status()).as(path).isEqualTo(401);
                assertThat(answer.errorCode()).isEqualTo("Unauthorized");
                assertThat(answer.body()).doesNotContain(TOKEN);
            }
        }
        assertThat(client.withToken(null).post("/api/v1/endpoints", "{\"name\":\"sneaky\"}").status()).isEqualTo(401);
        assertThat(f.endpoints.list()).isEmpty();
    }

    @Test
    void endpointLifecycle() {
        ApiClient.Answer created = client.post("/api/v1/endpoints",
                "{\"$schema\":\"https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\","
                        + "\"name\":\"my-endpoint\",\"tags\":{\"team\":\"a\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode endpoint = created.json();
        assertThat(endpoint.path("name").asText()).isEqualTo("my-endpoint");
        assertThat(endpoint.path("auth_mode").asText()).isEqualTo("key");
        assertThat(endpoint.path("tags").path("team").asText()).isEqualTo("a");
        assertThat(endpoint.path("traffic").isObject()).isTrue();
        assertThat(endpoint.path("provisioning_state").asText()).isEqualTo("Succeeded");
        assertThat(endpoint.path("scoring_uri").asText()).isEqualTo(GATEWAY + "/endpoints/my-endpoint/score");
        assertThat(endpoint.path("swagger_uri").asText()).isEqualTo(GATEWAY + "/endpoints/my-endpoint/swagger.json");
        assertThat(endpoint.path("created_at").asText()).isEqualTo("2026-11-29T07:00:00Z");
        assertThat(endpoint.path("updated_at").asText()).isEqualTo("2026-11-29T07:00:00Z");

        String primary = f.endpoints.listKeys("my-endpoint").primaryKey();
        assertThat(created.body()).doesNotContain(primary).doesNotContain("primaryKey");

        ApiClient.Answer again = client.post("/api/v1/endpoints", "{\"name\":\"my-endpoint\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("Conflict");

        assertThat(client.get("/api/v1/endpoints/my-endpoint").json()).isEqualTo(endpoint);
        JsonNode list = client.get("/api/v1/endpoints").json();
        assertThat(list.path("value")).hasSize(1);
        assertThat(list.path("value").get(0)).isEqualTo(endpoint);

        ApiClient.Answer replaced = client.put("/api/v1/endpoints/my-endpoint",
                "{\"name\":\"my-endpoint\",\"description\":\"now with words\"}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("description").asText()).isEqualTo("now with words");
        assertThat(replaced.json().has("tags")).isFalse();

        ApiClient.Answer deleted = client.delete("/api/v1/endpoints/my-endpoint");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().isEmpty()).isTrue();
        ApiClient.Answer gone = client.get("/api/v1/endpoints/my-endpoint");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("ResourceNotFound");
        assertThat(gone.errorMessage()).isEqualTo("endpoint my-endpoint does not exist");
        assertThat(client.delete("/api/v1/endpoints/my-endpoint").status()).isEqualTo(404);
    }

    @Test
    void endpointsCarryAnEtagThatAPutWithAStaleIfMatchIsRefusedWith() {
        ApiClient.Answer created = client.post("/api/v1/endpoints", "{\"name\":\"my-endpoint\"}");
        String tag = created.etag();
        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(client.get("/api/v1/endpoints/my-endpoint").etag()).isEqualTo(tag);

        ApiClient.Answer first = client.putIfMatch("/api/v1/endpoints/my-endpoint",
                "{\"name\":\"my-endpoint\",\"description\":\"first\"}", tag);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.etag()).isNotEqualTo(tag).isEqualTo(client.get("/api/v1/endpoints/my-endpoint").etag());

        ApiClient.Answer stale = client.putIfMatch("/api/v1/endpoints/my-endpoint",
                "{\"name\":\"my-endpoint\",\"description\":\"second\"}", tag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("PreconditionFailed");
        assertThat(stale.json().path("error").path("target").asText()).isEqualTo("If-Match");
        assertThat(stale.errorMessage()).contains(tag).contains(first.etag());
        assertThat(client.get("/api/v1/endpoints/my-endpoint").json().path("description").asText()).isEqualTo("first");

        ApiClient.Answer malformed = client.putIfMatch("/api/v1/endpoints/my-endpoint",
                "{\"name\":\"my-endpoint\"}", "no-quotes");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("BadArgument");
        assertThat(client.put("/api/v1/endpoints/my-endpoint", "{\"name\":\"my-endpoint\"}").status())
                .as("no If-Match: last writer wins, as before").isEqualTo(200);
        assertThat(client.post("/api/v1/endpoints/my-endpoint/regenerateKeys", "{}").etag()).isNotNull();
    }

    @Test
    void keysAndTokens() {
        client.post("/api/v1/endpoints", "{\"name\":\"keyed\"}");
        JsonNode keys = client.post("/api/v1/endpoints/keyed/listKeys", "").json();
        assertThat(keys.path("primaryKey").asText()).hasSize(32);
        assertThat(keys.path("secondaryKey").asText()).hasSize(32);

        ApiClient.Answer regenerated = client.post("/api/v1/endpoints/keyed/regenerateKeys", "{\"keyType\":\"secondary\"}");
        assertThat(regenerated.status()).isEqualTo(200);
        assertThat(regenerated.json().path("name").asText()).isEqualTo("keyed");
        JsonNode after = client.post("/api/v1/endpoints/keyed/listKeys", "").json();
        assertThat(after.path("primaryKey")).isEqualTo(keys.path("primaryKey"));
        assertThat(after.path("secondaryKey")).isNotEqualTo(keys.path("secondaryKey"));

        ApiClient.Answer badType = client.post("/api/v1/endpoints/keyed/regenerateKeys", "{\"keyType\":\"tertiary\"}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.errorMessage()).isEqualTo("keyType: tertiary (expected: primary | secondary)");

        ApiClient.Answer token = client.get("/api/v1/endpoints/keyed/token");
        assertThat(token.status()).isEqualTo(400);
        assertThat(token.errorCode()).isEqualTo("NotSupported");
        assertThat(client.post("/api/v1/endpoints/nope/listKeys", "").status()).isEqualTo(404);
    }

    @Test
    void badBodiesAnswer400NamingTheProblem() {
        ApiClient.Answer unknownKey = client.post("/api/v1/endpoints", "{\"name\":\"e-one\",\"auth_mod\":\"key\"}");
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(unknownKey.errorCode()).isEqualTo("BadArgument");
        assertThat(unknownKey.errorMessage()).startsWith("auth_mod: unknown key (expected: ");
        assertThat(unknownKey.json().path("error").path("target").asText()).isEqualTo("auth_mod");

        assertThat(client.post("/api/v1/endpoints", "[1, 2]").errorMessage())
                .isEqualTo("request body: a JSON array (expected: a JSON object)");
        assertThat(client.post("/api/v1/endpoints", "").errorMessage())
                .isEqualTo("request body: (empty) (expected: a JSON object)");
        ApiClient.Answer broken = client.post("/api/v1/endpoints", "{\"name\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.errorMessage()).startsWith("request body: not valid JSON at line 1, column ")
                .endsWith("(expected: a JSON object)");
        assertThat(client.post("/api/v1/endpoints", "{\"name\":\"e-two\",\"traffic\":{\"blue\":120}}").errorMessage())
                .isEqualTo("traffic.blue: 120 (expected: 0..100)");
        assertThat(client.post("/api/v1/endpoints", "{\"name\":\"e-two\",\"auth_mode\":\"magic\"}").errorMessage())
                .isEqualTo("auth_mode: magic (expected: key | aml_token | aad_token)");
        ApiClient.Answer rate = client.post("/api/v1/endpoints", "{\"name\":\"e-two\",\"sluice\":{\"max_rps\":0}}");
        assertThat(rate.status()).isEqualTo(400);
        assertThat(rate.errorCode()).isEqualTo("BadArgument");
        assertThat(rate.errorMessage()).isEqualTo("sluice.max_rps: 0 (expected: 1..1000000)");
        assertThat(client.put("/api/v1/endpoints/nope", "{\"name\":\"other\"}").errorMessage())
                .isEqualTo("name: other (expected: nope, the endpoint named in the request path)");
        assertThat(f.endpoints.list()).isEmpty();
    }

    @Test
    void bodiesOverOneMebibyteAre413() {
        String huge = "{\"name\":\"big\",\"description\":\"" + "x".repeat((int) ManagementApi.MAX_JSON_BYTES) + "\"}";
        ApiClient.Answer answer = client.post("/api/v1/endpoints", huge);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.errorCode()).isEqualTo("PayloadTooLarge");
        assertThat(f.endpoints.list()).isEmpty();
    }

    @Test
    void unknownRoutesAnswerJson404() {
        ApiClient.Answer answer = client.get("/api/v1/nothing-here");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("ResourceNotFound");
        assertThat(answer.errorMessage()).startsWith("no such route: GET /api/v1/nothing-here");
        assertThat(client.send("PATCH", "/api/v1/endpoints", HttpRequest.BodyPublishers.noBody(), null).status())
                .isEqualTo(405);
    }

    @Test
    void serverInfoAndMetrics() {
        JsonNode server = client.get("/api/v1/server").json();
        assertThat(server.path("apiUrl").asText()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(server.path("gatewayUrl").asText()).isEqualTo(GATEWAY);
        assertThat(server.path("version").asText()).isNotBlank();

        ApiClient.Answer scrape = client.get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(scrape.body()).contains("sluice_requests_total{endpoint=\"e\"} 3");
    }

    @Test
    void unexpectedFailuresAre500WithoutDetails() {
        metrics.set(() -> {
            throw new IllegalStateException("secret detail at /var/lib/sluice");
        });
        ApiClient.Answer answer = client.get("/metrics");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("InternalServerError");
        assertThat(answer.errorMessage()).isEqualTo("internal error, see the server log");
        assertThat(answer.body()).doesNotContain("secret").doesNotContain("IllegalStateException");
    }
}
