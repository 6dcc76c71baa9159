package dev.sluice.core.routing;

import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.EndpointSpec;
import java.util.Map;

/**
 * Who may score on an endpoint, as the gateway checks it on each request without reading the store.
 *
 * @param authMode       key, aml_token (audience: the endpoint's name) or aad_token (the server's OIDC provider)
 * @param privateOnly    {@code public_network_access: disabled}: only clients on the private networks
 * @param requiredClaims claims an aad_token must hold ({@code sluice.required_claims})
 * @param maxRps         the endpoint's own rate limit, or 0 for the gateway's default
 */
public record EndpointPolicy(AuthMode authMode, boolean privateOnly, Map<String, String> requiredClaims, int maxRps) {

    /** Key auth from anywhere, no claims, the default rate. */
    public static final EndpointPolicy KEY = new EndpointPolicy(AuthMode.KEY, false, Map.of(), 0);

    public EndpointPolicy {
        requiredClaims = Map.copyOf(requiredClaims);
    }

    public static EndpointPolicy of(EndpointSpec spec) {
        Integer rps = spec.sluiceOrDefault().maxRps();
        return new EndpointPolicy(spec.authModeOrDefault(), spec.publicNetworkAccessDisabled(),
                spec.sluiceOrDefault().requiredClaimsOrEmpty(), rps == null ? 0 : rps);
    }
}
