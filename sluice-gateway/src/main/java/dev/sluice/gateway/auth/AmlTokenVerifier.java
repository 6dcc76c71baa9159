package dev.sluice.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.core.auth.AmlTokens;
import dev.sluice.core.auth.VerificationKeys;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks this server's aml_tokens on the request path, without the store: ES256 only (so neither {@code none} nor
 * HS256 keyed with the public key passes), a {@code kid} of the {@link VerificationKeys}, issuer {@value
 * AmlTokens#ISSUER}, then expiry, not-before and the audience (the endpoint). The signature is verified once per
 * token; later requests with it cost a SHA-256 and a map lookup ({@link TokenCache}).
 */
public final class AmlTokenVerifier {

    private static final int CACHE_CAPACITY = 10_000;

    private final VerificationKeys keys;
    private final Clock clock;
    private final TokenCache cache = new TokenCache(CACHE_CAPACITY);
    /** One verifier per key (keys are few; an id always names the same key). */
    private final ConcurrentHashMap<String, ECDSAVerifier> verifiers = new ConcurrentHashMap<>();

    private AmlTokenVerifier(VerificationKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public static AmlTokenVerifier create(VerificationKeys keys, Clock clock) {
        return new AmlTokenVerifier(keys, clock);
    }

    /**
     * @param endpoint the endpoint called: the audience the token must name
     * @throws dev.sluice.core.error.SluiceException UNAUTHORIZED with the reason
     */
    public void verify(String token, String endpoint) {
        long now = clock.millis();
        TokenCache.Key key = TokenCache.Key.of(token);
        VerifiedToken verified = cache.get(key);
        if (verified == null) {
            verified = verifySignature(token);
            cache.put(key, verified, now);
        }
        verified.check(now, endpoint);
    }

    private VerifiedToken verifySignature(String token) {
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw TokenFailure.of("algorithm " + header.getAlgorithm() + " (expected: " + AmlTokens.ALGORITHM + ")");
        }
        ECPublicKey publicKey = keys.find(header.getKeyID());
        if (publicKey == null) {
            throw TokenFailure.of("unknown signing key (kid); it was not issued by this server, or long ago");
        }
        try {
            ECDSAVerifier verifier = verifiers.computeIfAbsent(header.getKeyID(), kid -> newVerifier(publicKey));
            if (!jwt.verify(verifier)) {
                throw TokenFailure.of("bad signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!AmlTokens.ISSUER.equals(claims.getIssuer())) {
                throw TokenFailure.of("another issuer (expected: " + AmlTokens.ISSUER + ")");
            }
            return VerifiedToken.of(claims);
        } catch (JOSEException | ParseException | IllegalStateException e) {
            throw TokenFailure.of("bad signature");
        }
    }

    static SignedJWT signed(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw TokenFailure.of("malformed (expected: a JWT, three base64url parts separated by dots)");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw TokenFailure.of("unsigned or encrypted (alg none or JWE); expected a signed JWT");
        }
        return signed;
    }

    private static ECDSAVerifier newVerifier(ECPublicKey key) {
        try {
            return new ECDSAVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("not a P-256 key", e);
        }
    }
}
