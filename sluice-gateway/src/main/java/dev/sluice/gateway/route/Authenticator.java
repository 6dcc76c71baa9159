package dev.sluice.gateway.route;

import dev.sluice.core.routing.EndpointRoute;
import io.vertx.core.Future;

/** Decides whether a caller may score on an endpoint. One step of the gateway. */
public interface Authenticator {

    /**
     * Completed at once for keys and for tokens seen before (the common case, no allocation when allowed); pending
     * only while a token never seen before is verified off the event loop.
     *
     * @param authorization the {@code Authorization} header as sent, or null
     * @return a future failed with a {@link dev.sluice.core.error.SluiceException} {@code UNAUTHORIZED} (its message
     *         says why and never repeats what was presented) or {@code FORBIDDEN} (a required claim is missing)
     */
    Future<Void> authenticate(EndpointRoute endpoint, String authorization);
}
