package dev.sluice.gateway.route;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.EndpointCredentials;
import dev.sluice.core.routing.EndpointRoute;

/** {@code Authorization: Bearer <key>} checked in constant time against the endpoint's keys. */
public final class BearerKeyAuthenticator {

    /** @throws SluiceException UNAUTHORIZED; its message never repeats what was presented */
    public void authenticate(EndpointRoute endpoint, String authorization) {
        String presented = BearerToken.of(endpoint, authorization, "key");
        EndpointCredentials credentials = endpoint.credentials();
        if (credentials == null || !credentials.matches(presented)) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "invalid credentials for endpoint '"
                    + endpoint.name() + "' (expected: its primary or secondary key)");
        }
    }
}
