package dev.sluice.store;

import static dev.sluice.store.SpecCodec.instant;

import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the {@code instances} table, which holds {@code InstanceRecord}s; callers own the transaction. */
final class InstanceRecordTable {

    private static final String COLUMNS =
            "id, endpoint_name, deployment_name, generation, state, pid, url, started_at, restarts";

    /** Insert or replace by id; both SQLite (3.24+) and PostgreSQL (9.5+) speak this form. */
    void upsert(Connection c, InstanceRecord i) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO instances (" + COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                + "endpoint_name = excluded.endpoint_name, deployment_name = excluded.deployment_name, "
                + "generation = excluded.generation, state = excluded.state, pid = excluded.pid, url = excluded.url, "
                + "started_at = excluded.started_at, restarts = excluded.restarts")) {
            s.setString(1, i.id());
            s.setString(2, i.endpointName());
            s.setString(3, i.deploymentName());
            s.setLong(4, i.generation());
            s.setString(5, i.state().wire());
            s.setLong(6, i.pid());
            s.setString(7, i.url());
            s.setString(8, instant(i.startedAt()));
            s.setInt(9, i.restarts());
            s.executeUpdate();
        }
    }

    void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM instances WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    void deleteOfEndpoint(Connection c, String endpointName) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM instances WHERE endpoint_name = ?")) {
            s.setString(1, endpointName);
            s.executeUpdate();
        }
    }

    void deleteOfDeployment(Connection c, String endpointName, String deploymentName) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM instances WHERE endpoint_name = ? AND deployment_name = ?")) {
            s.setString(1, endpointName);
            s.setString(2, deploymentName);
            s.executeUpdate();
        }
    }

    List<InstanceRecord> list(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM instances ORDER BY id");
             ResultSet rows = s.executeQuery()) {
            List<InstanceRecord> out = new ArrayList<>();
            while (rows.next()) {
                out.add(new InstanceRecord(rows.getString("id"), rows.getString("endpoint_name"),
                        rows.getString("deployment_name"), rows.getLong("generation"),
                        InstanceState.fromWire(rows.getString("state")), rows.getLong("pid"), rows.getString("url"),
                        instant(rows.getString("started_at")), rows.getInt("restarts")));
            }
            return out;
        }
    }
}
