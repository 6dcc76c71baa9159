package dev.sluice.server;

import dev.sluice.controlplane.api.ManagementApi;
import dev.sluice.controlplane.autoscale.AutoscaleSettings;
import dev.sluice.controlplane.autoscale.Autoscaler;
import dev.sluice.controlplane.autoscale.IcuZoneResolver;
import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.controlplane.metrics.MetricStore;
import dev.sluice.controlplane.metrics.MetricsLoop;
import dev.sluice.controlplane.metrics.MetricsQuery;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.core.metrics.DemandBoard;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.routing.OnDemandDeployments;
import dev.sluice.store.JdbcStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Deque;

/**
 * Metrics and autoscaling, wired: what the API serves of them before the server starts, and the two loops (the
 * metrics collector, the autoscaler) that start once the controller runs.
 *
 * @param onDemand the deployments that may scale to zero, which routing publication reads
 * @param demand   where the gateway posts requests waiting for such a deployment
 */
record Scaling(JdbcStore store, MetricStore metrics, AutoscaleSettings settings, ZoneResolver zones,
               OnDemandDeployments onDemand, DemandBoard demand, Clock clock) {

    static Scaling create(JdbcStore store, Clock clock) {
        ZoneResolver zones = IcuZoneResolver.create();
        return new Scaling(store, MetricStore.create(store.metricArchive()), AutoscaleSettings.create(store,
                store.autoscale(), AutoscaleSettingReader.create(zones), clock), zones,
                OnDemandDeployments.create(), DemandBoard.create(), clock);
    }

    ManagementApi.Scaling api() {
        return new ManagementApi.Scaling(settings, MetricsQuery.create(store, metrics, clock));
    }

    /** Starts measuring deployments and scaling them; both stop with the server (through {@code resources}). */
    void start(DeploymentRuntime runtime, TrafficReadings traffic, MeterRegistry registry,
               Deque<AutoCloseable> resources) {
        resources.push(MetricsLoop.start(store, runtime, traffic, metrics, registry, clock));
        Autoscaler autoscaler = Autoscaler.create(new Autoscaler.Sources(store, store.autoscale(), runtime, traffic,
                metrics), settings, zones, onDemand, demand, clock);
        autoscaler.start();
        resources.push(autoscaler);
    }
}
