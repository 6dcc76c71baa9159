package dev.sluice.store;

import static dev.sluice.store.SpecCodec.instant;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.AutoscaleStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The {@link AutoscaleStore} on the same database (and transactor) as the rest of the store. */
final class JdbcAutoscaleStore implements AutoscaleStore {

    private static final String HISTORY_COLUMNS = "endpoint_name, deployment_name, decided_at, source, from_count, "
            + "to_count, trigger_text, values_text, outcome";

    private final Transactor tx;
    private final int historyLimit;

    /** @param historyLimit how many decisions of a deployment are kept, the newest */
    JdbcAutoscaleStore(Transactor tx, int historyLimit) {
        this.tx = tx;
        this.historyLimit = historyLimit;
    }

    @Override
    public void createSetting(DeploymentId deployment, String json, Instant now) {
        tx.call("create the autoscale setting of '" + deployment + "'", c -> {
            requireDeployment(c, deployment);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO autoscale_settings (endpoint_name, "
                    + "deployment_name, setting_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, deployment.endpointName());
                s.setString(2, deployment.deploymentName());
                s.setString(3, json);
                s.setString(4, instant(now));
                s.setString(5, instant(now));
                s.executeUpdate();
            } catch (SQLException e) {
                // Another create won between the caller's check and this insert.
                if (tx.dialect().isDuplicateKey(e)) {
                    throw SluiceException.of(ErrorCode.CONFLICT, "deployment '" + deployment + "' has an autoscale "
                            + "setting already (expected: update to change it)", "deployment");
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public void replaceSetting(DeploymentId deployment, String json, Instant now) {
        tx.call("replace the autoscale setting of '" + deployment + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE autoscale_settings SET setting_json = ?, "
                    + "updated_at = ? WHERE endpoint_name = ? AND deployment_name = ?")) {
                s.setString(1, json);
                s.setString(2, instant(now));
                s.setString(3, deployment.endpointName());
                s.setString(4, deployment.deploymentName());
                if (s.executeUpdate() == 0) {
                    throw SluiceException.notFound("the autoscale setting of deployment '" + deployment + "'");
                }
            }
            return null;
        });
    }

    @Override
    public Optional<StoredSetting> findSetting(DeploymentId deployment) {
        return tx.call("read the autoscale setting of '" + deployment + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT endpoint_name, deployment_name, setting_json, "
                    + "created_at, updated_at FROM autoscale_settings WHERE endpoint_name = ? AND deployment_name = ?")) {
                s.setString(1, deployment.endpointName());
                s.setString(2, deployment.deploymentName());
                List<StoredSetting> found = settings(s);
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public List<StoredSetting> listSettings() {
        return tx.call("list autoscale settings", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT endpoint_name, deployment_name, setting_json, "
                    + "created_at, updated_at FROM autoscale_settings ORDER BY endpoint_name, deployment_name")) {
                return settings(s);
            }
        });
    }

    @Override
    public boolean deleteSetting(DeploymentId deployment) {
        return tx.call("delete the autoscale setting of '" + deployment + "'", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM autoscale_settings WHERE endpoint_name = ? AND deployment_name = ?")) {
                s.setString(1, deployment.endpointName());
                s.setString(2, deployment.deploymentName());
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void appendDecision(Decision d) {
        tx.call("record an autoscale decision of '" + d.deployment() + "'", c -> {
            requireDeployment(c, d.deployment());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO autoscale_history (" + HISTORY_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, d.deployment().endpointName());
                s.setString(2, d.deployment().deploymentName());
                s.setString(3, instant(d.time()));
                s.setString(4, d.source());
                s.setInt(5, d.from());
                s.setInt(6, d.to());
                s.setString(7, d.trigger());
                s.setString(8, d.values());
                s.setString(9, d.outcome());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM autoscale_history WHERE endpoint_name = ? "
                    + "AND deployment_name = ? AND id <= (SELECT id FROM autoscale_history WHERE endpoint_name = ? "
                    + "AND deployment_name = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
                s.setString(1, d.deployment().endpointName());
                s.setString(2, d.deployment().deploymentName());
                s.setString(3, d.deployment().endpointName());
                s.setString(4, d.deployment().deploymentName());
                s.setInt(5, historyLimit);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Decision> history(DeploymentId deployment, int limit) {
        return tx.call("read the autoscale history of '" + deployment + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + HISTORY_COLUMNS + " FROM autoscale_history "
                    + "WHERE endpoint_name = ? AND deployment_name = ? ORDER BY id DESC LIMIT ?")) {
                s.setString(1, deployment.endpointName());
                s.setString(2, deployment.deploymentName());
                s.setInt(3, Math.max(0, limit));
                List<Decision> newestFirst = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        newestFirst.add(new Decision(new DeploymentId(rows.getString(1), rows.getString(2)),
                                instant(rows.getString(3)), rows.getString(4), rows.getInt(5), rows.getInt(6),
                                rows.getString(7), rows.getString(8), rows.getString(9)));
                    }
                }
                Collections.reverse(newestFirst);
                return newestFirst;
            }
        });
    }

    private static List<StoredSetting> settings(PreparedStatement s) throws SQLException {
        List<StoredSetting> out = new ArrayList<>();
        try (ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                out.add(new StoredSetting(new DeploymentId(rows.getString(1), rows.getString(2)), rows.getString(3),
                        instant(rows.getString(4)), instant(rows.getString(5))));
            }
        }
        return out;
    }

    private static void requireDeployment(Connection c, DeploymentId deployment) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM deployments WHERE endpoint_name = ? AND name = ?")) {
            s.setString(1, deployment.endpointName());
            s.setString(2, deployment.deploymentName());
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    throw SluiceException.notFound("deployment '" + deployment + "'");
                }
            }
        }
    }
}
