package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tokens, roles, the audit log, warnings and --strict at the management API's edge. */
class ManagementApiSecurityTest extends ApiTestBase {

    @Test
    void warningsShowInTheResourceAndStrictRefusesThemBeforeAnyChange() {
        String body = "{\"name\":\"k8s-one\",\"compute\":\"azureml:cluster\"}";
        ApiClient.Answer strict = client.post("/api/v1/endpoints?strict=true", body);
        assertThat(strict.status()).isEqualTo(400);
        assertThat(strict.errorMessage()).isEqualTo("--strict: compute: azureml:cluster is not used; the endpoint's"
                + " deployments run as local processes (expected: no key that is accepted without effect)");
        assertThat(strict.json().path("error").path("target").asText()).isEqualTo("compute");
        assertThat(client.get("/api/v1/endpoints/k8s-one").status()).isEqualTo(404);

        ApiClient.Answer created = client.post("/api/v1/endpoints", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("warnings").get(0).asText()).startsWith("compute: azureml:cluster is not used");
        assertThat(client.get("/api/v1/endpoints/k8s-one").json().path("warnings")).hasSize(1);
    }

    @Test
    void aYamlBodyIsReadAsTheFileItIs() {
        ApiClient.Answer created = client.send("POST", "/api/v1/endpoints", HttpRequest.BodyPublishers.ofString(
                "name: from-yaml\nauth_mode: aml_token\npublic_network_access: disabled\n"), "application/yaml");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("public_network_access").asText()).isEqualTo("disabled");
        ApiClient.Answer token = client.get("/api/v1/endpoints/from-yaml/token");
        assertThat(token.json().path("accessToken").asText()).contains(".");
        ApiClient.Answer broken = client.send("POST", "/api/v1/endpoints", HttpRequest.BodyPublishers.ofString(
                "name: [unclosed"), "application/yaml");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.errorMessage()).startsWith("request body: not valid YAML");
    }

    @Test
    void readersMayReadButNotChangeNorSeeSecretsAndEveryChangeIsAudited() {
        String reader = client.post("/api/v1/tokens", "{\"role\":\"reader\",\"name\":\"dash\"}").json()
                .path("token").asText();
        ApiClient asReader = client.withToken(reader);
        client.post("/api/v1/endpoints", "{\"name\":\"audited\"}");
        assertThat(asReader.get("/api/v1/endpoints/audited").status()).isEqualTo(200);
        assertThat(asReader.get("/metrics").status()).isEqualTo(200);
        ApiClient.Answer change = asReader.post("/api/v1/endpoints", "{\"name\":\"nope\"}");
        assertThat(change.status()).isEqualTo(403);
        assertThat(change.errorCode()).isEqualTo("Forbidden");
        assertThat(asReader.post("/api/v1/endpoints/audited/listKeys", "").status()).isEqualTo(403);
        assertThat(asReader.get("/api/v1/tokens").status()).isEqualTo(403);
        for (String sneaky : new String[] {"/api/v1/%74okens", "/api/v1/tokens/", "/api/v1/x/../tokens",
                "/api/v1/endpoints/audited/%74oken", "/api/v1/endpoints/audited/token/"}) {
            assertThat(asReader.get(sneaky).status()).as(sneaky).isIn(403, 404);
            assertThat(asReader.get(sneaky).body()).as(sneaky).doesNotContain("accessToken").doesNotContain("dash");
        }
        assertThat(client.withToken("sluice_not-a-token").get("/api/v1/endpoints").status()).isEqualTo(401);
        assertThat(client.withToken(null).get("/api/v1/endpoints").status()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String audit = client.get("/api/v1/audit?limit=20").body();
            assertThat(audit).contains("\"actor\":\"admin-token\"", "\"action\":\"POST /api/v1/endpoints\"",
                    "\"status\":201", "(dash)\",\"role\":\"reader\",\"action\":\"POST /api/v1/endpoints\",\"status\":403",
                    "POST /api/v1/endpoints/audited/listKeys").doesNotContain(reader);
        });
        assertThat(client.get("/api/v1/audit?limit=0").errorMessage()).isEqualTo("limit: 0 (expected: 1..10000)");
        assertThat(client.post("/api/v1/tokens", "{\"role\":\"root\"}").errorMessage())
                .isEqualTo("role: root (expected: reader | admin)");
    }
}
