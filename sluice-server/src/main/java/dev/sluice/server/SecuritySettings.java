package dev.sluice.server;

import dev.sluice.core.error.SluiceException;
import dev.sluice.core.net.AddressRanges;
import dev.sluice.gateway.auth.OidcSettings;
import java.util.Optional;

/**
 * What {@code sluice server} is told about who may call and from where.
 *
 * @param oidc            the OIDC provider of aad_token endpoints ({@code --oidc-issuer}, {@code --oidc-audience})
 * @param privateNetworks the clients of endpoints with {@code public_network_access: disabled} ({@code --private-networks})
 * @param maxRps          requests per second per endpoint unless it sets its own ({@code --max-rps}); 0: no limit
 * @param identityPort    the loopback port of deployments' identity endpoint ({@code --identity-port}); 0: a free one
 */
public record SecuritySettings(Optional<OidcSettings> oidc, AddressRanges privateNetworks, int maxRps,
                               int identityPort) {

    public SecuritySettings {
        oidc = oidc == null ? Optional.empty() : oidc;
        privateNetworks = privateNetworks == null ? AddressRanges.parse("--private-networks", AddressRanges.LOOPBACK)
                : privateNetworks;
        if (maxRps < 0) {
            throw SluiceException.badArgument("--max-rps", maxRps, "0 (no limit) or more");
        }
        if (identityPort < 0 || identityPort > 65535) {
            throw SluiceException.badArgument("--identity-port", identityPort, "0..65535, 0 = any free port");
        }
    }

    /** No identity provider, loopback is private, no rate limit, a free identity port. */
    public static SecuritySettings defaults() {
        return new SecuritySettings(Optional.empty(), null, 0, 0);
    }

    public SecuritySettings withOidc(OidcSettings settings) {
        return new SecuritySettings(Optional.of(settings), privateNetworks, maxRps, identityPort);
    }

    public SecuritySettings withPrivateNetworks(String cidrs) {
        return new SecuritySettings(oidc, AddressRanges.parse("--private-networks", cidrs), maxRps, identityPort);
    }

    public SecuritySettings withMaxRps(int rps) {
        return new SecuritySettings(oidc, privateNetworks, rps, identityPort);
    }
}
