package dev.sluice.controlplane.tokens;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.core.auth.AmlTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Issues aml_tokens: an hour of life, for one endpoint (the audience), signed by the {@link SigningKeyring}. */
public final class AmlTokenIssuer {

    /** A token and its times, as {@code get-credentials} shows them. */
    public record IssuedToken(String accessToken, Instant expiresAt, Instant refreshAfter) {

        @Override
        public String toString() {
            return "IssuedToken[expiresAt=" + expiresAt + "]"; // never the token
        }
    }

    private final SigningKeyring keyring;
    private final Clock clock;

    private AmlTokenIssuer(SigningKeyring keyring, Clock clock) {
        this.keyring = keyring;
        this.clock = clock;
    }

    public static AmlTokenIssuer create(SigningKeyring keyring, Clock clock) {
        return new AmlTokenIssuer(keyring, clock);
    }

    /**
     * @param endpoint the endpoint the token is for ({@code aud})
     * @param subject  who asked ({@code sub}): an API token, or {@code deployment:e/d} for a deployment's identity
     */
    public IssuedToken issue(String endpoint, String subject) {
        // Whole seconds: JWT times are seconds, and expiryTimeUtc must match the token's exp exactly.
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expires = now.plus(AmlTokens.LIFETIME);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(AmlTokens.ISSUER)
                .audience(endpoint)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return new IssuedToken(keyring.sign(claims), expires, now.plus(AmlTokens.REFRESH_AFTER));
    }
}
