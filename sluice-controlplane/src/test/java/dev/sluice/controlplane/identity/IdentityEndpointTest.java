package dev.sluice.controlplane.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.DeploymentId;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityEndpointTest {

    @TempDir
    Path folder;

    @Test
    void theResourceNamesAnEndpointByNameScoringUriOrHost() {
        assertThat(IdentityEndpoint.endpointOf("shop")).isEqualTo("shop");
        assertThat(IdentityEndpoint.endpointOf("https://localhost:7443/endpoints/shop/score")).isEqualTo("shop");
        assertThat(IdentityEndpoint.endpointOf("https://shop.ml.example.com/score")).isEqualTo("shop");
        assertThatThrownBy(() -> IdentityEndpoint.endpointOf("https://"))
                .hasMessage("resource: https:// (expected: the name or scoring URI of an endpoint of this server)");
        assertThatThrownBy(() -> IdentityEndpoint.endpointOf(null))
                .hasMessage("resource: (missing) (expected: the name or scoring URI of an endpoint)");
    }

    @Test
    void eachDeploymentHasItsOwnHeaderThatSurvivesARestart() {
        Path file = folder.resolve("identity-secret");
        IdentitySecrets secrets = IdentitySecrets.readOrCreate(file, new SecureRandom());
        DeploymentId blue = new DeploymentId("shop", "blue");
        String header = secrets.headerFor(blue);
        assertThat(header).hasSize(64).isNotEqualTo(secrets.headerFor(new DeploymentId("shop", "green")));
        assertThat(IdentitySecrets.readOrCreate(file, new SecureRandom()).matches(blue, header)).isTrue();
        assertThat(secrets.matches(blue, header.substring(1) + "0")).isFalse();
        assertThat(secrets.matches(blue, null)).isFalse();
        assertThat(IdentityEndpoint.url(4711, blue)).isEqualTo("http://127.0.0.1:4711/identity/shop/blue/token");
    }
}
