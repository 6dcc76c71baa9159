package dev.sluice.store;

import static dev.sluice.store.SpecCodec.instant;

import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.MetricArchive;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link MetricArchive} on the store's database: one row per (deployment, metric, minute, series). Minutes are
 * whole, so their ISO-8601 text sorts as time does.
 */
final class JdbcMetricArchive implements MetricArchive {

    private final Transactor tx;

    JdbcMetricArchive(Transactor tx) {
        this.tx = tx;
    }

    @Override
    public void append(DeploymentId deployment, Instant minute, Map<MetricName, Map<String, Double>> values) {
        tx.call("archive a minute of metrics of '" + deployment + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO metric_minutes (endpoint_name, "
                    + "deployment_name, metric, series, minute, value) SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS "
                    + "(SELECT 1 FROM deployments WHERE endpoint_name = ? AND name = ?) "
                    + "ON CONFLICT (endpoint_name, deployment_name, metric, minute, series) DO UPDATE SET "
                    + "value = excluded.value")) {
                for (Map.Entry<MetricName, Map<String, Double>> metric : values.entrySet()) {
                    for (Map.Entry<String, Double> series : metric.getValue().entrySet()) {
                        if (series.getValue() == null || series.getValue().isNaN()) {
                            continue;
                        }
                        s.setString(1, deployment.endpointName());
                        s.setString(2, deployment.deploymentName());
                        s.setString(3, metric.getKey().azureName());
                        s.setString(4, series.getKey());
                        s.setString(5, instant(minute));
                        s.setDouble(6, series.getValue());
                        s.setString(7, deployment.endpointName());
                        s.setString(8, deployment.deploymentName());
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<MetricPoint> points(DeploymentId deployment, MetricName metric, Instant from, Instant to) {
        return tx.call("read archived metrics of '" + deployment + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT minute, series, value FROM metric_minutes "
                    + "WHERE endpoint_name = ? AND deployment_name = ? AND metric = ? AND minute >= ? AND minute < ? "
                    + "ORDER BY minute, series")) {
                s.setString(1, deployment.endpointName());
                s.setString(2, deployment.deploymentName());
                s.setString(3, metric.azureName());
                s.setString(4, instant(from));
                s.setString(5, instant(to));
                Map<String, Map<String, Double>> byMinute = new LinkedHashMap<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        byMinute.computeIfAbsent(rows.getString(1), k -> new LinkedHashMap<>())
                                .put(rows.getString(2), rows.getDouble(3));
                    }
                }
                List<MetricPoint> out = new ArrayList<>(byMinute.size());
                byMinute.forEach((minute, values) -> out.add(new MetricPoint(instant(minute), values)));
                return out;
            }
        });
    }

    @Override
    public void deleteBefore(Instant cutoff) {
        tx.call("forget metrics older than " + cutoff, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM metric_minutes WHERE minute < ?")) {
                s.setString(1, instant(cutoff));
                s.executeUpdate();
            }
            return null;
        });
    }
}
