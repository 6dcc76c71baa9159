package dev.sluice.gateway.route;

import dev.sluice.core.auth.AmlTokens;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.EndpointRoute;

/** The credential of {@code Authorization: Bearer <credential>}, or a 401 that says what the header lacks. */
final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /** @param kind what the endpoint expects ("key", "token"), for the message */
    static String of(EndpointRoute endpoint, String authorization, String kind) {
        if (authorization == null || authorization.isBlank()) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "missing credentials for endpoint '" + endpoint.name()
                    + "' (expected: header 'Authorization: Bearer <" + kind + ">')");
        }
        if (authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "Authorization header: unsupported form "
                    + "(expected: 'Bearer <" + kind + ">')");
        }
        if (authorization.length() > SCHEME.length() + AmlTokens.MAX_TOKEN_CHARS) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "Authorization header: over "
                    + AmlTokens.MAX_TOKEN_CHARS + " characters (expected: a " + kind + ")");
        }
        return authorization.substring(SCHEME.length()).trim();
    }
}
