package dev.sluice.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import dev.sluice.core.auth.AmlTokens;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmlTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-29T07:00:00Z");
    private final TestTokens tokens = TestTokens.withKeyId("k1");
    private final Map<String, java.security.interfaces.ECPublicKey> keys = new java.util.HashMap<>(
            Map.of("k1", publicKey(tokens)));
    private final AmlTokenVerifier verifier = AmlTokenVerifier.create(keys::get, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenOfThisServerForTheEndpointPassesAndPassesAgainFromTheCache() {
        String token = tokens.sign(TestTokens.claims(AmlTokens.ISSUER, "shop", NOW.minusSeconds(10), 3600).build());
        assertThatCode(() -> verifier.verify(token, "shop")).doesNotThrowAnyException();
        keys.clear(); // a cached token needs no key lookup any more
        assertThatCode(() -> verifier.verify(token, "shop")).doesNotThrowAnyException();
        rejects(() -> verifier.verify(token, "other"), "token rejected: for another audience (expected: other)");
    }

    @Test
    void eachKindOfBadTokenIsRefusedWithItsReason() {
        rejects(tokens.sign(TestTokens.claims(AmlTokens.ISSUER, "shop", NOW.minusSeconds(7200), 3600).build()),
                "token rejected: expired");
        rejects(tokens.sign(TestTokens.claims(AmlTokens.ISSUER, "shop", NOW.plusSeconds(600), 3600).build()),
                "token rejected: not valid yet (nbf in the future)");
        rejects(tokens.sign(TestTokens.claims(AmlTokens.ISSUER, "other", NOW, 3600).build()),
                "token rejected: for another audience (expected: shop)");
        rejects(tokens.sign(TestTokens.claims("someone-else", "shop", NOW, 3600).build()),
                "token rejected: another issuer (expected: sluice)");
        rejects(new PlainJWT(TestTokens.claims(AmlTokens.ISSUER, "shop", NOW, 3600).build()).serialize(),
                "token rejected: unsigned or encrypted (alg none or JWE); expected a signed JWT");
        rejects("not.a.jwt", "token rejected: malformed (expected: a JWT, three base64url parts separated by dots)");
        rejects(TestTokens.withKeyId("k9").sign(TestTokens.claims(AmlTokens.ISSUER, "shop", NOW, 3600).build()),
                "token rejected: unknown signing key (kid); it was not issued by this server, or long ago");
    }

    @Test
    void hs256KeyedWithThePublicKeyAndTamperedTokensAreRefused() throws JOSEException {
        byte[] publicBytes = tokens.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        String confused = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                TestTokens.claims(AmlTokens.ISSUER, "shop", NOW, 3600).build(), new MACSigner(publicBytes));
        rejects(confused, "token rejected: algorithm HS256 (expected: ES256)");

        String good = tokens.sign(TestTokens.claims(AmlTokens.ISSUER, "shop", NOW, 3600).build());
        String[] parts = good.split("\\.");
        String otherClaims = Base64URL.encode(TestTokens.claims(AmlTokens.ISSUER, "shop", NOW, 999_999).build()
                .toString()).toString();
        rejects(parts[0] + "." + otherClaims + "." + parts[2], "token rejected: bad signature");
    }

    private void rejects(String token, String message) {
        rejects(() -> verifier.verify(token, "shop"), message);
    }

    private static void rejects(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(SluiceException.class)
                .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessage(message);
    }

    private static java.security.interfaces.ECPublicKey publicKey(TestTokens tokens) {
        try {
            return tokens.key.toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
