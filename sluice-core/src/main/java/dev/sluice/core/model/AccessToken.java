package dev.sluice.core.model;

import dev.sluice.core.auth.ManagementRole;
import java.time.Instant;
import java.util.Objects;

/**
 * A management API token as the store keeps it: never the token itself, only the SHA-256 of it.
 *
 * @param id        short public id, for list and revoke
 * @param hash      hex SHA-256 of the token
 * @param createdBy the actor that created it
 * @param revokedAt when it was revoked, or null while it works
 */
public record AccessToken(String id, String name, ManagementRole role, String hash, Instant createdAt,
                          String createdBy, Instant revokedAt) {

    public AccessToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(hash, "hash");
    }

    public boolean active() {
        return revokedAt == null;
    }

    public AccessToken revoked(Instant at) {
        return new AccessToken(id, name, role, hash, createdAt, createdBy, at);
    }
}
