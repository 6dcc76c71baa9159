package dev.sluice.controlplane.api;

import dev.sluice.controlplane.tokens.AccessTokenService;
import dev.sluice.controlplane.tokens.SigningKeyring;
import dev.sluice.core.store.AuditLog;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the management API and what it remembers of them.
 *
 * @param adminToken the admin-token file's content: every right
 * @param tokens     the other tokens ({@code sluice token create})
 * @param keyring    the aml_token signing keys ({@code /api/v1/signing-keys})
 * @param audit      where every change is recorded
 * @param oidcIssuer the identity provider of aad_token endpoints, when the server has one
 */
public record ApiSecurity(String adminToken, AccessTokenService tokens, SigningKeyring keyring, AuditLog audit,
                          Clock clock, Optional<String> oidcIssuer) {

    public ApiSecurity {
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(keyring, "keyring");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(clock, "clock");
        oidcIssuer = oidcIssuer == null ? Optional.empty() : oidcIssuer;
    }
}
