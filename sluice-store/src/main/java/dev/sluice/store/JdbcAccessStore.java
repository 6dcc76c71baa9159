package dev.sluice.store;

import dev.sluice.core.model.AccessToken;
import dev.sluice.core.model.AuditEntry;
import dev.sluice.core.store.AccessTokens;
import dev.sluice.core.store.AuditLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The management API's tokens and audit log, on the same database (and transactor) as the rest of the store. */
final class JdbcAccessStore implements AccessTokens, AuditLog {

    private final Transactor tx;
    private final AccessTokenTable tokens = new AccessTokenTable();
    private final AuditTable audit = new AuditTable();

    JdbcAccessStore(Transactor tx) {
        this.tx = tx;
    }

    @Override
    public void createToken(AccessToken token) {
        tx.call("create token '" + token.id() + "'", c -> {
            tokens.insert(c, token);
            return null;
        });
    }

    @Override
    public Optional<AccessToken> findTokenByHash(String hash) {
        return tx.call("read a token", c -> tokens.findByHash(c, hash));
    }

    @Override
    public List<AccessToken> listTokens() {
        return tx.call("list tokens", tokens::list);
    }

    @Override
    public boolean revokeToken(String id, Instant at) {
        return tx.call("revoke token '" + id + "'", c -> tokens.revoke(c, id, at) > 0);
    }

    @Override
    public void append(AuditEntry entry) {
        tx.call("append to the audit log", c -> {
            audit.insert(c, entry);
            return null;
        });
    }

    @Override
    public List<AuditEntry> latest(int limit) {
        return tx.call("read the audit log", c -> audit.latest(c, limit));
    }
}
