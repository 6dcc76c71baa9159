package dev.sluice.store;

import static dev.sluice.store.SpecCodec.instant;

import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.ProvisioningState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code endpoints} table; callers own the transaction. */
final class EndpointTable {

    private static final String COLUMNS = "name, spec_json, primary_key, secondary_key, state, created_at, updated_at";

    private final SpecCodec codec;

    EndpointTable(SpecCodec codec) {
        this.codec = codec;
    }

    boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM endpoints WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }

    Optional<Endpoint> find(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM endpoints WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    List<Endpoint> list(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM endpoints ORDER BY name");
             ResultSet rows = s.executeQuery()) {
            List<Endpoint> out = new ArrayList<>();
            while (rows.next()) {
                out.add(read(rows));
            }
            return out;
        }
    }

    void insert(Connection c, Endpoint e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO endpoints (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, e.name());
            bindValues(s, e, 2);
            s.executeUpdate();
        }
    }

    /** The number of rows changed: 0 when there is no such endpoint. */
    int update(Connection c, Endpoint e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE endpoints SET spec_json = ?, primary_key = ?, "
                + "secondary_key = ?, state = ?, created_at = ?, updated_at = ? WHERE name = ?")) {
            bindValues(s, e, 1);
            s.setString(7, e.name());
            return s.executeUpdate();
        }
    }

    int delete(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM endpoints WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate();
        }
    }

    /** Binds every column but the name, in {@link #COLUMNS} order, from parameter {@code first} on. */
    private void bindValues(PreparedStatement s, Endpoint e, int first) throws SQLException {
        EndpointKeys keys = e.keys();
        s.setString(first, codec.write(e.spec()));
        s.setString(first + 1, keys == null ? null : keys.primaryKey());
        s.setString(first + 2, keys == null ? null : keys.secondaryKey());
        s.setString(first + 3, e.state().wire());
        s.setString(first + 4, instant(e.createdAt()));
        s.setString(first + 5, instant(e.updatedAt()));
    }

    private Endpoint read(ResultSet row) throws SQLException {
        String name = row.getString("name");
        String primary = row.getString("primary_key");
        String secondary = row.getString("secondary_key");
        EndpointKeys keys = primary == null && secondary == null ? null : new EndpointKeys(primary, secondary);
        return new Endpoint(codec.endpoint(row.getString("spec_json"), name), keys,
                ProvisioningState.fromWire(row.getString("state")),
                instant(row.getString("created_at")), instant(row.getString("updated_at")));
    }
}
