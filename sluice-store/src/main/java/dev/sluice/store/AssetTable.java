package dev.sluice.store;

import static dev.sluice.store.SpecCodec.instant;

import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.RegisteredAsset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code assets} table (the model and environment registry); callers own the transaction. */
final class AssetTable {

    private static final String SELECT = "SELECT kind, name, version, spec_json, archived, created_at FROM assets";

    private final SpecCodec codec;

    AssetTable(SpecCodec codec) {
        this.codec = codec;
    }

    Optional<RegisteredAsset> find(Connection c, AssetKind kind, String name, String version) throws SQLException {
        List<RegisteredAsset> found = query(c, SELECT + " WHERE kind = ? AND name = ? AND version = ?",
                kind.name(), name, version);
        return found.stream().findFirst();
    }

    Optional<RegisteredAsset> latest(Connection c, AssetKind kind, String name) throws SQLException {
        List<RegisteredAsset> found = query(c, SELECT + " WHERE kind = ? AND name = ? AND archived = 0"
                + " ORDER BY created_seq DESC LIMIT 1", kind.name(), name);
        return found.stream().findFirst();
    }

    List<RegisteredAsset> list(Connection c, AssetKind kind, String name, boolean includeArchived) throws SQLException {
        String archived = includeArchived ? "" : " AND archived = 0";
        String order = " ORDER BY name, created_seq";
        return name == null ? query(c, SELECT + " WHERE kind = ?" + archived + order, kind.name())
                : query(c, SELECT + " WHERE kind = ? AND name = ?" + archived + order, kind.name(), name);
    }

    void insert(Connection c, RegisteredAsset asset) throws SQLException {
        long sequence;
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(created_seq), 0) + 1 FROM assets");
             ResultSet rows = s.executeQuery()) {
            rows.next();
            sequence = rows.getLong(1);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO assets (kind, name, version, spec_json, archived, "
                + "created_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, asset.kind().name());
            s.setString(2, asset.name());
            s.setString(3, asset.version());
            s.setString(4, codec.write(asset.spec()));
            s.setInt(5, asset.archived() ? 1 : 0);
            s.setLong(6, sequence);
            s.setString(7, instant(asset.createdAt()));
            s.executeUpdate();
        }
    }

    /** The number of rows changed: 0 when there is no such version. */
    int setArchived(Connection c, AssetKind kind, String name, String version, boolean archived) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE assets SET archived = ? WHERE kind = ? AND name = ? AND version = ?")) {
            s.setInt(1, archived ? 1 : 0);
            s.setString(2, kind.name());
            s.setString(3, name);
            s.setString(4, version);
            return s.executeUpdate();
        }
    }

    private List<RegisteredAsset> query(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                List<RegisteredAsset> out = new ArrayList<>();
                while (rows.next()) {
                    AssetKind kind = AssetKind.valueOf(rows.getString("kind"));
                    String id = kind.singular() + " " + rows.getString("name") + ":" + rows.getString("version");
                    out.add(new RegisteredAsset(codec.asset(kind, rows.getString("spec_json"), id),
                            rows.getInt("archived") != 0, instant(rows.getString("created_at"))));
                }
                return out;
            }
        }
    }
}
