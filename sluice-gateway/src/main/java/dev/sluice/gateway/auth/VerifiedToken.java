package dev.sluice.gateway.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.core.auth.AmlTokens;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a token proved once its signature checked out: for whom ({@code aud}), until when ({@code exp}), from when
 * ({@code nbf}), and its claims. {@link #check} re-checks the times and the audience on every request, so a cached
 * token still expires on time.
 */
record VerifiedToken(List<String> audience, long expiresAtMillis, long notBeforeMillis, JWTClaimsSet claims) {

    static VerifiedToken of(JWTClaimsSet claims) {
        if (claims.getExpirationTime() == null) {
            throw TokenFailure.of("no expiry (exp)");
        }
        long nbf = claims.getNotBeforeTime() == null ? Long.MIN_VALUE : claims.getNotBeforeTime().getTime();
        return new VerifiedToken(claims.getAudience(), claims.getExpirationTime().getTime(), nbf, claims);
    }

    /** @throws SluiceException UNAUTHORIZED naming what is wrong (expired, not yet valid, another audience) */
    void check(long nowMillis, String expectedAudience) {
        long skew = AmlTokens.CLOCK_SKEW.toMillis();
        if (nowMillis >= expiresAtMillis + skew) {
            throw TokenFailure.of("expired");
        }
        if (notBeforeMillis != Long.MIN_VALUE && nowMillis < notBeforeMillis - skew) {
            throw TokenFailure.of("not valid yet (nbf in the future)");
        }
        if (!audience.contains(expectedAudience)) {
            throw TokenFailure.of("for another audience (expected: " + expectedAudience + ")");
        }
    }

    /** Each required claim equals the value, or is a list holding it: {@code roles: scorer}. */
    void checkClaims(Map<String, String> required) {
        for (Map.Entry<String, String> claim : required.entrySet()) {
            Object value = claims.getClaim(claim.getKey());
            boolean held = value instanceof Collection<?> list ? list.contains(claim.getValue())
                    : claim.getValue().equals(value);
            if (!held) {
                throw SluiceException.of(ErrorCode.FORBIDDEN, "the token's claim " + claim.getKey() + " does not hold "
                        + claim.getValue() + " (expected: the endpoint's sluice.required_claims)");
            }
        }
    }
}
