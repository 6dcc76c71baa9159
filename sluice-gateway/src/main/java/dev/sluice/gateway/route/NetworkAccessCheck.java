package dev.sluice.gateway.route;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.net.AddressRanges;
import dev.sluice.core.routing.EndpointRoute;

/**
 * {@code public_network_access: disabled}: the endpoint answers only clients whose address is on the private
 * networks ({@code --private-networks}, loopback by default); others get 403 as Azure answers them. The address is
 * the TCP peer's: headers such as {@code X-Forwarded-For} are not trusted.
 */
public final class NetworkAccessCheck {

    private final AddressRanges privateNetworks;

    public NetworkAccessCheck(AddressRanges privateNetworks) {
        this.privateNetworks = privateNetworks;
    }

    /** @throws SluiceException FORBIDDEN for a public client of a private endpoint */
    /** @param host the client's IP address as text, or null when unknown */
    public void check(EndpointRoute endpoint, String host) {
        if (!endpoint.policy().privateOnly()) {
            return;
        }
        if (host == null || !privateNetworks.containsLiteral(host)) {
            throw SluiceException.of(ErrorCode.FORBIDDEN, "Public access to endpoint '" + endpoint.name()
                    + "' is disabled (public_network_access: disabled); this client is not on the server's private"
                    + " networks (" + privateNetworks + ")");
        }
    }
}
