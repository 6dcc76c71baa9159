package dev.sluice.store;

import static dev.sluice.store.SpecCodec.instant;

import dev.sluice.core.model.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the {@code audit_log} table; callers own the transaction. */
final class AuditTable {

    void insert(Connection c, AuditEntry e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_log (time, actor, role, action, status, remote) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, instant(e.time()));
            s.setString(2, e.actor());
            s.setString(3, e.role());
            s.setString(4, e.action());
            s.setInt(5, e.status());
            s.setString(6, e.remote());
            s.executeUpdate();
        }
    }

    List<AuditEntry> latest(Connection c, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, time, actor, role, action, status, remote"
                + " FROM audit_log ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rows = s.executeQuery()) {
                List<AuditEntry> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(new AuditEntry(rows.getLong("id"), instant(rows.getString("time")),
                            rows.getString("actor"), rows.getString("role"), rows.getString("action"),
                            rows.getInt("status"), rows.getString("remote")));
                }
                return out;
            }
        }
    }
}
