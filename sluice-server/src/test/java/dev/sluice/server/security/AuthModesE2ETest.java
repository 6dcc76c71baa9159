package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.home.ServerInfo;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.server.testing.SluiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every auth and isolation key through {@code bin/sluice} and HTTPS, as a user runs them (curl lines as the README
 * shows them): aml_token (get-credentials, invoke, curl, key rotation), aad_token against an OpenID provider on
 * loopback (with a required role), public_network_access: disabled (loopback is made non-private here, so the
 * endpoint refuses it), a deployment's identity calling another endpoint while its egress is blocked, reader
 * tokens and the audit log, and --strict.
 */
class AuthModesE2ETest {

    private static final Path JAVA_ECHO = RunningServer.EXAMPLES.resolve("java-echo");
    private static final Path CALLER_CODE = RunningServer.REPO.resolve(
            "sluice-server/src/test/resources/security/identity-caller");
    private static final String AUDIENCE = "api://sluice-e2e";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    @TempDir
    static Path files;

    private static SluiceProcess sluice;
    private static OidcTestProvider provider;
    private static ServerInfo info;

    @BeforeAll
    static void startServer() throws Exception {
        provider = OidcTestProvider.start();
        sluice = SluiceProcess.in(home);
        info = sluice.startServer(Map.of(), "--oidc-issuer", provider.issuer(), "--oidc-audience", AUDIENCE,
                "--private-networks", "10.0.0.0/8");
        sluice.sluice("online-endpoint", "create", "-f", JAVA_ECHO.resolve("endpoint.yml").toString(), "-n", "tok-e2e",
                "--auth-mode", "aml_token").ok();
        SluiceProcess.Result deployed = sluice.sluice("online-deployment", "create", "-f",
                JAVA_ECHO.resolve("deployment.yml").toString(), "-e", "tok-e2e", "--all-traffic").ok();
        assertThat(deployed.err()).contains("WARNING: blue: instance_type: Standard_DS3_v2 is not used by local"
                + " instances");
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (sluice != null) {
            sluice.stopServerIfRunning();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void amlTokenFromGetCredentialsScoresWithInvokeAndCurlAndSurvivesAKeyRotation() throws Exception {
        JsonNode credentials = JSON.readTree(sluice.sluice("online-endpoint", "get-credentials", "-n", "tok-e2e")
                .ok().out());
        String token = credentials.path("accessToken").asText();
        assertThat(credentials.path("expiryTimeUtc").asLong()).isGreaterThan(credentials.path("refreshAfterTimeUtc")
                .asLong());
        Path request = Files.writeString(files.resolve("request.json"), "{\"data\": [1, 2, 3]}");
        assertThat(sluice.sluice("online-endpoint", "invoke", "-n", "tok-e2e", "-r", request.toString()).ok().out())
                .contains("data");
        assertThat(curl("tok-e2e", token)).isEqualTo("200");
        assertThat(curl("tok-e2e", "garbage")).isEqualTo("401");

        sluice.sluice("token", "rotate-signing-key").ok();
        assertThat(curl("tok-e2e", token)).as("a token signed before the rotation").isEqualTo("200");
        assertThat(sluice.sluice("online-endpoint", "show", "-n", "tok-e2e").ok().out()).doesNotContain(token);
    }

    @Test
    void aadTokensOfTheProviderScoreOnlyWithTheRequiredRole() throws Exception {
        Path endpoint = Files.writeString(files.resolve("aad-endpoint.yml"), """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
                name: aad-e2e
                auth_mode: aad_token
                sluice:
                  required_claims:
                    roles: scorer
                """);
        sluice.sluice("online-endpoint", "create", "-f", endpoint.toString()).ok();
        sluice.sluice("online-deployment", "create", "-f", JAVA_ECHO.resolve("deployment.yml").toString(), "-e",
                "aad-e2e", "--all-traffic").ok();
        assertThat(curl("aad-e2e", provider.token(AUDIENCE, List.of("scorer")))).isEqualTo("200");
        assertThat(curl("aad-e2e", provider.token(AUDIENCE, List.of("reader")))).isEqualTo("403");
        assertThat(curl("aad-e2e", provider.token("api://someone-else", List.of("scorer")))).isEqualTo("401");
        assertThat(sluice.sluice("online-endpoint", "get-credentials", "-n", "aad-e2e").err())
                .contains("uses auth_mode aad_token");
    }

    @Test
    void aPrivateEndpointRefusesClientsOffThePrivateNetworks() throws Exception {
        Path endpoint = Files.writeString(files.resolve("private-endpoint.yml"),
                "name: private-e2e\npublic_network_access: disabled\n");
        sluice.sluice("online-endpoint", "create", "-f", endpoint.toString()).ok();
        String key = JSON.readTree(sluice.sluice("online-endpoint", "get-credentials", "-n", "private-e2e").ok().out())
                .path("primaryKey").asText();
        assertThat(curl("private-e2e", key)).isEqualTo("403");
    }

    @Test
    void aDeploymentsIdentityCallsAnotherEndpointWhileItsEgressIsBlocked() throws Exception {
        sluice.sluice("online-endpoint", "create", "-f", JAVA_ECHO.resolve("endpoint.yml").toString(), "-n",
                "caller-e2e").ok();
        Path deployment = Files.writeString(files.resolve("caller.yml"), """
                name: caller
                endpoint_name: caller-e2e
                code_configuration:
                  code: %s
                  scoring_script: score.py
                egress_public_network_access: disabled
                environment_variables:
                  TARGET_ENDPOINT: tok-e2e
                  TARGET_URI: %s/endpoints/tok-e2e/score
                  TARGET_CA: %s
                """.formatted(CALLER_CODE, info.gatewayUrl(), info.caCert()));
        SluiceProcess.Result created = sluice.sluice("online-deployment", "create", "-f", deployment.toString(),
                "--all-traffic").ok();
        assertThat(created.err()).doesNotContain("WARNING");
        Path request = Files.writeString(files.resolve("caller-request.json"), "{}");
        JsonNode answer = JSON.readTree(sluice.sluice("online-endpoint", "invoke", "-n", "caller-e2e", "-r",
                request.toString()).ok().out());
        assertThat(answer.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.path("other_status").asInt()).isEqualTo(200);
        assertThat(answer.path("egress").asText()).isEqualTo("blocked");
    }

    @Test
    void readerTokensReadButCannotChangeAndTheAuditLogNamesWhoChangedWhat() throws Exception {
        JsonNode created = JSON.readTree(sluice.sluice("token", "create", "--role", "reader", "--name", "e2e-reader")
                .ok().out());
        String reader = created.path("token").asText();
        sluice.sluice("online-endpoint", "list", "--token", reader, "--server", info.apiUrl(), "--ca-cert",
                info.caCert()).ok();
        SluiceProcess.Result refused = sluice.sluice("online-endpoint", "create", "-f",
                JAVA_ECHO.resolve("endpoint.yml").toString(), "-n", "not-allowed", "--token", reader, "--server",
                info.apiUrl(), "--ca-cert", info.caCert());
        assertThat(refused.status()).isNotZero();
        assertThat(refused.err()).contains("role reader").contains("Forbidden");
        String actor = "token:" + created.path("id").asText() + " (e2e-reader)";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String audit = sluice.sluice("audit", "--limit", "200").ok().out();
            assertThat(audit).doesNotContain(reader);
            assertThat(JSON.readTree(audit)).anySatisfy(entry -> {
                assertThat(entry.path("actor").asText()).isEqualTo(actor);
                assertThat(entry.path("action").asText()).isEqualTo("POST /api/v1/endpoints");
                assertThat(entry.path("status").asInt()).isEqualTo(403);
            });
        });
    }

    @Test
    void strictRefusesKeysThatWouldOnlyWarn() {
        sluice.sluice("online-endpoint", "create", "-f", JAVA_ECHO.resolve("endpoint.yml").toString(), "-n",
                "strict-e2e").ok();
        SluiceProcess.Result strict = sluice.sluice("online-deployment", "create", "-f",
                JAVA_ECHO.resolve("deployment.yml").toString(), "-e", "strict-e2e", "--strict");
        assertThat(strict.status()).isNotZero();
        assertThat(strict.err()).contains("instance_type: Standard_DS3_v2 is not used by local instances")
                .contains("--strict");
        assertThat(sluice.sluice("online-deployment", "list", "-e", "strict-e2e").ok().out()).doesNotContain("blue");
    }

    /** The README's curl line: the status code only. */
    private static String curl(String endpoint, String token) {
        return sluice.shell("curl -s -o /dev/null -w '%{http_code}' --cacert " + info.caCert()
                + " -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json' -d '{\"x\": 1}' "
                + info.gatewayUrl() + "/endpoints/" + endpoint + "/score").ok().out().trim();
    }
}
