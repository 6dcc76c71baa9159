package dev.sluice.gateway.route;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.EndpointCredentials;
import dev.sluice.core.routing.EndpointRoute;

/** {@code Authorization: Bearer <key>} checked in constant time against the endpoint's keys. */
public final class BearerKeyAuthenticator implements Authenticator {

    private static final String SCHEME = "Bearer ";

    @Override
    public void authenticate(EndpointRoute endpoint, String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "missing credentials for endpoint '" + endpoint.name()
                    + "' (expected: header 'Authorization: Bearer <key>')");
        }
        if (authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "Authorization header: unsupported form "
                    + "(expected: 'Bearer <key>')");
        }
        String presented = authorization.substring(SCHEME.length()).trim();
        EndpointCredentials credentials = endpoint.credentials();
        if (credentials == null || !credentials.matches(presented)) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "invalid credentials for endpoint '"
                    + endpoint.name() + "' (expected: its primary or secondary key)");
        }
    }
}
