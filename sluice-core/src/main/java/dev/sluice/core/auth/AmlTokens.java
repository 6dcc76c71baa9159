package dev.sluice.core.auth;

import java.time.Duration;

/**
 * What an aml_token of this server is, agreed between the issuer (control plane) and the verifier (gateway): an
 * ES256 JWT with {@code iss} {@value #ISSUER}, {@code aud} the endpoint's name, a {@code kid} of the keyring, and
 * an hour of life, as Azure's tokens have.
 */
public final class AmlTokens {

    public static final String ISSUER = "sluice";
    public static final String ALGORITHM = "ES256";
    public static final Duration LIFETIME = Duration.ofHours(1);
    /** Callers refresh at half-life, so a token in use never expires under them. */
    public static final Duration REFRESH_AFTER = LIFETIME.dividedBy(2);
    /** Clocks of callers and the server may differ this much for {@code exp} and {@code nbf}. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** The most characters of a bearer token the gateway looks at; longer ones are refused unread. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;

    private AmlTokens() {
    }
}
