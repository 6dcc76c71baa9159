package dev.sluice.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against an OpenID provider on loopback: discovery, JWKS, a key rotation, claims and the cache. */
class OidcVerifierTest {

    private Vertx vertx;
    private TestIssuer issuer;
    private OidcVerifier verifier;
    private final TestTokens first = TestTokens.withKeyId("idp-1");

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        issuer = TestIssuer.start(vertx);
        issuer.keys.add(first.key.toPublicJWK());
        verifier = OidcVerifier.create(vertx, new OidcSettings(issuer.url(), "api://scoring", Optional.empty()),
                Clock.systemUTC(), Duration.ZERO);
    }

    @AfterEach
    void stop() throws Exception {
        issuer.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aProviderTokenIsVerifiedOnceThenServedFromTheCacheAtOnce() throws Exception {
        String token = first.sign(claims("api://scoring").claim("roles", List.of("scorer", "reader")).build());
        Future<Void> firstTime = verifier.verify(token, Map.of("roles", "scorer"));
        await(firstTime);
        Future<Void> again = verifier.verify(token, Map.of("roles", "scorer"));
        assertThat(again.succeeded()).as("answered from the cache, on the caller's thread").isTrue();
        assertThat(issuer.jwksFetches).hasValue(1);

        Throwable forbidden = failure(verifier.verify(token, Map.of("roles", "admin")));
        assertThat(((SluiceException) forbidden).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(forbidden).hasMessage("the token's claim roles does not hold admin (expected: the endpoint's"
                + " sluice.required_claims)");
    }

    @Test
    void anUnknownKidFetchesTheKeysAgainSoARotationAtTheProviderIsFollowed() throws Exception {
        await(verifier.verify(first.sign(claims("api://scoring").build()), Map.of()));
        TestTokens rotated = TestTokens.withKeyId("idp-2");
        issuer.keys.add(rotated.key.toPublicJWK());
        await(verifier.verify(rotated.sign(claims("api://scoring").build()), Map.of()));
        assertThat(issuer.jwksFetches).hasValue(2);
    }

    @Test
    void wrongAudienceIssuerAndUnknownKeysAreRefused() throws Exception {
        assertThat(failure(verifier.verify(first.sign(claims("api://other").build()), Map.of())))
                .hasMessage("token rejected: for another audience (expected: api://scoring)");
        assertThat(failure(verifier.verify(first.sign(TestTokens.claims("https://evil.example", "api://scoring",
                Instant.now(), 600).build()), Map.of())))
                .hasMessage("token rejected: another issuer (expected: " + issuer.url() + ")");
        assertThat(failure(verifier.verify(TestTokens.withKeyId("forged").sign(claims("api://scoring").build()),
                Map.of()))).hasMessage("token rejected: algorithm or signing key not accepted (expected: a key of the"
                + " identity provider's JWKS)");
    }

    private com.nimbusds.jwt.JWTClaimsSet.Builder claims(String audience) {
        return TestTokens.claims(issuer.url(), audience, Instant.now(), 600);
    }

    private static void await(Future<Void> future) throws Exception {
        future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<Void> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a refusal");
    }
}
