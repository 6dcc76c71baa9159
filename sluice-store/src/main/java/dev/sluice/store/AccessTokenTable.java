package dev.sluice.store;

import static dev.sluice.store.SpecCodec.instant;

import dev.sluice.core.auth.ManagementRole;
import dev.sluice.core.model.AccessToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code access_tokens} table; callers own the transaction. */
final class AccessTokenTable {

    private static final String COLUMNS = "id, name, role, token_hash, created_at, created_by, revoked_at";

    void insert(Connection c, AccessToken t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO access_tokens (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, t.id());
            s.setString(2, t.name());
            s.setString(3, t.role().wire());
            s.setString(4, t.hash());
            s.setString(5, instant(t.createdAt()));
            s.setString(6, t.createdBy());
            s.setString(7, instant(t.revokedAt()));
            s.executeUpdate();
        }
    }

    Optional<AccessToken> findByHash(Connection c, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM access_tokens WHERE token_hash = ?")) {
            s.setString(1, hash);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    List<AccessToken> list(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM access_tokens ORDER BY created_at, id"); ResultSet rows = s.executeQuery()) {
            List<AccessToken> out = new ArrayList<>();
            while (rows.next()) {
                out.add(read(rows));
            }
            return out;
        }
    }

    int revoke(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
            s.setString(1, instant(at));
            s.setString(2, id);
            return s.executeUpdate();
        }
    }

    private static AccessToken read(ResultSet rows) throws SQLException {
        return new AccessToken(rows.getString("id"), rows.getString("name"),
                ManagementRole.fromWire(rows.getString("role")), rows.getString("token_hash"),
                instant(rows.getString("created_at")), rows.getString("created_by"),
                instant(rows.getString("revoked_at")));
    }
}
