package dev.sluice.gateway.route;

import dev.sluice.core.routing.EndpointRoute;

/** Decides whether a caller may score on an endpoint. One step of the gateway. */
public interface Authenticator {

    /**
     * Returns normally when the caller is allowed.
     *
     * @param authorization the {@code Authorization} header as sent, or null
     * @throws dev.sluice.core.error.SluiceException {@code UNAUTHORIZED}; its message never repeats what
     *                                              was presented
     */
    void authenticate(EndpointRoute endpoint, String authorization);
}
