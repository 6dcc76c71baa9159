package dev.sluice.gateway;

import dev.sluice.core.auth.VerificationKeys;
import dev.sluice.gateway.auth.OidcSettings;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway verifies tokens with: this server's aml_token keys (read on the request path, never the store)
 * and the OIDC provider of aad_token endpoints, if the server has one.
 */
public record GatewayAuth(VerificationKeys amlKeys, Optional<OidcSettings> oidc, Clock clock) {

    public GatewayAuth {
        Objects.requireNonNull(amlKeys, "amlKeys");
        oidc = oidc == null ? Optional.empty() : oidc;
        Objects.requireNonNull(clock, "clock");
    }

    /** Key endpoints only: no aml_token verifies, no OIDC provider. */
    public static GatewayAuth keysOnly() {
        return new GatewayAuth(kid -> null, Optional.empty(), Clock.systemUTC());
    }
}
