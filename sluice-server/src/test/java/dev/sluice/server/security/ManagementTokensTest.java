package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.client.ServerConnection;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.server.testing.RunningServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reader and admin tokens of the management API, their revocation, the audit log, and the files kept 0600. */
class ManagementTokensTest {

    @RegisterExtension
    static final RunningServer server = RunningServer.create();

    @Test
    void aReaderReadsButChangesNothingAndSeesNoSecrets() {
        JsonNode created = server.client().createToken("reader", "ci-reader");
        String secret = created.path("token").asText();
        assertThat(secret).startsWith("sluice_");
        SluiceClient reader = as(secret);
        server.client().createEndpoint(EndpointSpec.named("readable"));

        assertThat(reader.getEndpoint("readable").path("name").asText()).isEqualTo("readable");
        assertThat(reader.listEndpoints()).isNotEmpty();
        assertForbidden(() -> reader.createEndpoint(EndpointSpec.named("not-mine")));
        assertForbidden(() -> reader.listKeys("readable"));
        assertForbidden(reader::listTokens);
        assertForbidden(() -> reader.createToken("admin", "escalate"));
        assertThat(server.client().findEndpoint("not-mine")).isEmpty();

        JsonNode listed = server.client().listTokens();
        assertThat(listed.toString()).contains("ci-reader").doesNotContain(secret);
    }

    @Test
    void anAdminTokenChangesARevokedTokenStopsAndTheAuditLogSaysWhoDidWhat() {
        JsonNode created = server.client().createToken("admin", "deployer");
        SluiceClient admin = as(created.path("token").asText());
        admin.createEndpoint(EndpointSpec.named("by-token"));
        server.client().revokeToken(created.path("id").asText());
        assertThat(StreamSupport.stream(server.client().listTokens().spliterator(), false)
                .filter(t -> t.path("id").asText().equals(created.path("id").asText())).findFirst().orElseThrow()
                .path("revokedAt").isNull()).isFalse();
        SluiceException refused = catchError(() -> admin.getEndpoint("by-token"));
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHORIZED);

        String actor = "token:" + created.path("id").asText() + " (deployer)";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.client().audit(50).toString())
                .contains("\"actor\":\"" + actor + "\"", "POST /api/v1/endpoints", "\"status\":201",
                        "DELETE /api/v1/tokens/" + created.path("id").asText()));
        JsonNode entry = StreamSupport.stream(server.client().audit(50).spliterator(), false)
                .filter(e -> e.path("actor").asText().equals(actor)).findFirst().orElseThrow();
        assertThat(entry.path("role").asText()).isEqualTo("admin");
        assertThat(entry.path("time").asText()).isNotEmpty();
        assertThat(server.client().audit(50).toString()).doesNotContain(created.path("token").asText());
    }

    @Test
    void secretsAreFilesOfTheirOwnerOnly() throws Exception {
        for (String name : new String[] {"admin-token", "signing-keys.json", "identity-secret"}) {
            Path file = server.dataDir().resolve(name);
            assertThat(Files.getPosixFilePermissions(file)).as(name)
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        JsonNode keys = new ObjectMapper().readTree(server.dataDir().resolve("signing-keys.json").toFile());
        assertThat(keys.path("keys").get(0).path("jwk").has("d")).as("the private key is there, so 0600 matters")
                .isTrue();
    }

    private static SluiceClient as(String token) {
        return SluiceClient.connect(new ServerConnection(URI.create(server.server().info().apiUrl()), token,
                server.server().caCert(), "test"));
    }

    private static void assertForbidden(Runnable call) {
        SluiceException e = catchError(call);
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.getMessage()).contains("role reader");
    }

    private static SluiceException catchError(Runnable call) {
        try {
            call.run();
        } catch (SluiceException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }
}
