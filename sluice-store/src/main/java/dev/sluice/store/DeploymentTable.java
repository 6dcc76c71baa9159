package dev.sluice.store;

import static dev.sluice.store.SpecCodec.instant;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.spec.DeploymentSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code deployments} table; callers own the transaction. */
final class DeploymentTable {

    private static final String COLUMNS =
            "endpoint_name, name, spec_json, state, reason, generation, created_at, updated_at, last_succeeded_spec_json";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM deployments";
    private static final String UPDATE = "UPDATE deployments SET spec_json = ?, state = ?, reason = ?, generation = ?, "
            + "created_at = ?, updated_at = ?, last_succeeded_spec_json = ?";

    private final SpecCodec codec;

    DeploymentTable(SpecCodec codec) {
        this.codec = codec;
    }

    boolean exists(Connection c, String endpointName, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM deployments WHERE endpoint_name = ? AND name = ?")) {
            s.setString(1, endpointName);
            s.setString(2, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }

    Optional<Deployment> find(Connection c, String endpointName, String name) throws SQLException {
        List<Deployment> found = query(c, SELECT + " WHERE endpoint_name = ? AND name = ?", endpointName, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<Deployment> listOf(Connection c, String endpointName) throws SQLException {
        return query(c, SELECT + " WHERE endpoint_name = ? ORDER BY name", endpointName);
    }

    List<Deployment> listAll(Connection c) throws SQLException {
        return query(c, SELECT + " ORDER BY endpoint_name, name");
    }

    void insert(Connection c, Deployment d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO deployments (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, d.endpointName());
            s.setString(2, d.name());
            bindValues(s, d, 3);
            s.executeUpdate();
        }
    }

    /** The number of rows changed: 0 when there is no such deployment. */
    int update(Connection c, Deployment d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPDATE + " WHERE endpoint_name = ? AND name = ?")) {
            bindValues(s, d, 1);
            s.setString(8, d.endpointName());
            s.setString(9, d.name());
            return s.executeUpdate();
        }
    }

    /** Replaces the row only while it still has {@code expectedGeneration}; the number of rows changed. */
    int updateIf(Connection c, long expectedGeneration, Deployment d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPDATE
                + " WHERE endpoint_name = ? AND name = ? AND generation = ?")) {
            bindValues(s, d, 1);
            s.setString(8, d.endpointName());
            s.setString(9, d.name());
            s.setLong(10, expectedGeneration);
            return s.executeUpdate();
        }
    }

    /**
     * A new desired spec while the row still has {@code expectedGeneration}: next generation, Updating; the
     * controller's columns stay. The number of rows changed.
     */
    int replaceSpec(Connection c, DeploymentId id, long expectedGeneration, DeploymentSpec spec, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE deployments SET spec_json = ?, state = ?, reason = '', "
                + "generation = ?, updated_at = ? WHERE endpoint_name = ? AND name = ? AND generation = ?")) {
            s.setString(1, codec.write(spec));
            s.setString(2, ProvisioningState.UPDATING.wire());
            s.setLong(3, expectedGeneration + 1);
            s.setString(4, instant(now));
            s.setString(5, id.endpointName());
            s.setString(6, id.deploymentName());
            s.setLong(7, expectedGeneration);
            return s.executeUpdate();
        }
    }

    /** Sets the state only while the row still has {@code generation}; the number of rows changed. */
    int updateState(Connection c, DeploymentId id, long generation, ProvisioningState state, String reason,
                    Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE deployments SET state = ?, reason = ?, updated_at = ? "
                + "WHERE endpoint_name = ? AND name = ? AND generation = ?")) {
            s.setString(1, state.wire());
            s.setString(2, reason == null ? "" : reason);
            s.setString(3, instant(now));
            s.setString(4, id.endpointName());
            s.setString(5, id.deploymentName());
            s.setLong(6, generation);
            return s.executeUpdate();
        }
    }

    int delete(Connection c, String endpointName, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM deployments WHERE endpoint_name = ? AND name = ?")) {
            s.setString(1, endpointName);
            s.setString(2, name);
            return s.executeUpdate();
        }
    }

    int deleteOf(Connection c, String endpointName) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM deployments WHERE endpoint_name = ?")) {
            s.setString(1, endpointName);
            return s.executeUpdate();
        }
    }

    /** Binds every column after the two key columns, in {@link #COLUMNS} order, from parameter {@code first} on. */
    private void bindValues(PreparedStatement s, Deployment d, int first) throws SQLException {
        s.setString(first, codec.write(d.spec()));
        s.setString(first + 1, d.state().wire());
        s.setString(first + 2, d.reason());
        s.setLong(first + 3, d.generation());
        s.setString(first + 4, instant(d.createdAt()));
        s.setString(first + 5, instant(d.updatedAt()));
        s.setString(first + 6, d.lastSucceededSpec() == null ? null : codec.write(d.lastSucceededSpec()));
    }

    private List<Deployment> query(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                List<Deployment> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(read(rows));
                }
                return out;
            }
        }
    }

    private Deployment read(ResultSet row) throws SQLException {
        String id = row.getString("endpoint_name") + "/" + row.getString("name");
        String lastSucceeded = row.getString("last_succeeded_spec_json");
        return new Deployment(codec.deployment(row.getString("spec_json"), id),
                ProvisioningState.fromWire(row.getString("state")), row.getString("reason"),
                row.getLong("generation"), instant(row.getString("created_at")), instant(row.getString("updated_at")),
                lastSucceeded == null ? null : codec.deployment(lastSucceeded, id + " (last succeeded)"));
    }
}
