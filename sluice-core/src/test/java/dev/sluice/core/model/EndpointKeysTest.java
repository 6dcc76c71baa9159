package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointKeysTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatesTwoDistinctUrlSafeKeys() {
        EndpointKeys keys = EndpointKeys.generate(random);
        assertThat(keys.primaryKey()).hasSize(32).matches("[A-Za-z0-9_-]{32}");
        assertThat(keys.secondaryKey()).hasSize(32).matches("[A-Za-z0-9_-]{32}");
        assertThat(keys.primaryKey()).isNotEqualTo(keys.secondaryKey());
    }

    @Test
    void everyGenerationIsFresh() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            EndpointKeys keys = EndpointKeys.generate(random);
            assertThat(seen.add(keys.primaryKey())).isTrue();
            assertThat(seen.add(keys.secondaryKey())).isTrue();
        }
    }

    @Test
    void regeneratesOnlyTheNamedKey() {
        EndpointKeys keys = EndpointKeys.generate(random);

        EndpointKeys newPrimary = keys.regenerate(KeyType.PRIMARY, random);
        assertThat(newPrimary.primaryKey()).isNotEqualTo(keys.primaryKey()).hasSize(32);
        assertThat(newPrimary.secondaryKey()).isEqualTo(keys.secondaryKey());

        EndpointKeys newSecondary = keys.regenerate(KeyType.SECONDARY, random);
        assertThat(newSecondary.secondaryKey()).isNotEqualTo(keys.secondaryKey()).hasSize(32);
        assertThat(newSecondary.primaryKey()).isEqualTo(keys.primaryKey());
    }

    @Test
    void toStringHidesTheKeys() {
        EndpointKeys keys = EndpointKeys.generate(random);
        assertThat(keys.toString()).doesNotContain(keys.primaryKey()).doesNotContain(keys.secondaryKey())
                .doesNotContain(keys.primaryKey().substring(0, 6));
        // A record nested in another record prints through this toString too.
        Endpoint endpoint = new Endpoint(dev.sluice.core.spec.EndpointSpec.named("my-endpoint"), keys,
                ProvisioningState.SUCCEEDED, java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        assertThat(endpoint.toString()).doesNotContain(keys.primaryKey()).doesNotContain(keys.secondaryKey());
    }

    @Test
    void keyTypeWireSpelling() {
        assertThat(KeyType.fromWire("primary")).isEqualTo(KeyType.PRIMARY);
        assertThat(KeyType.fromWire("secondary")).isEqualTo(KeyType.SECONDARY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyType.fromWire("tertiary"))
                .hasMessage("tertiary (expected: primary | secondary)");
    }
}
