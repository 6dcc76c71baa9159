package dev.sluice.core.store;

import dev.sluice.core.model.AccessToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The management API's tokens (beyond the admin-token file), by hash. Calls block; keep them off event loops. */
public interface AccessTokens {

    void createToken(AccessToken token);

    /** The token whose SHA-256 is {@code hash}, revoked or not. */
    Optional<AccessToken> findTokenByHash(String hash);

    /** Every token, oldest first. */
    List<AccessToken> listTokens();

    /** Revokes the token; false when there is no token with that id. Revoking twice keeps the first time. */
    boolean revokeToken(String id, Instant at);
}
