package dev.sluice.controlplane.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.controlplane.service.MutableClock;
import dev.sluice.core.auth.AmlTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyringTest {

    private static final Instant T0 = Instant.parse("2026-11-29T07:00:00Z");

    @TempDir
    Path folder;

    @Test
    void aRotatedKeyVerifiesForATokenLifetimeThenIsDropped() throws Exception {
        MutableClock clock = new MutableClock(T0);
        Path file = folder.resolve("signing-keys.json");
        SigningKeyring ring = SigningKeyring.loadOrCreate(file, clock);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String first = ring.currentKeyId();
        String token = AmlTokenIssuer.create(ring, clock).issue("shop", "me").accessToken();

        clock.advance(Duration.ofMinutes(10));
        String second = ring.rotate();
        assertThat(second).isNotEqualTo(first);
        assertThat(ring.find(first)).as("still verifies what it signed").isNotNull();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(first);
        assertThat(jwt.verify(new ECDSAVerifier(ring.find(first)))).isTrue();

        SigningKeyring reloaded = SigningKeyring.loadOrCreate(file, clock);
        assertThat(reloaded.currentKeyId()).isEqualTo(second);
        assertThat(reloaded.find(first)).isNotNull();

        clock.advance(AmlTokens.LIFETIME.plus(AmlTokens.CLOCK_SKEW).plusSeconds(1));
        assertThat(SigningKeyring.loadOrCreate(file, clock).find(first)).as("dropped once its tokens expired").isNull();
        assertThat(reloaded.rotate()).isNotEqualTo(second);
        assertThat(reloaded.find(first)).isNull();
        assertThat(reloaded.describe()).hasSize(2);
    }

    @Test
    void aDamagedFileIsReportedWithoutQuotingIt() throws Exception {
        Path file = folder.resolve("signing-keys.json");
        Files.writeString(file, "{\"keys\":[{\"jwk\":{\"kty\":\"EC\",\"d\":\"SECRET-BITS\"}}]}");
        assertThatThrownBy(() -> SigningKeyring.loadOrCreate(file, new MutableClock(T0)))
                .hasMessageStartingWith("the signing keys in " + file + " cannot be read")
                .hasMessageNotContaining("SECRET-BITS");
    }
}
