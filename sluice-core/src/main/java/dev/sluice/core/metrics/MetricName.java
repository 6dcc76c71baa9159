package dev.sluice.core.metrics;

import java.util.Arrays;
import java.util.Optional;

/**
 * The metrics Sluice keeps per deployment at a 10-second grain, by the names Azure Monitor gives them, so that an
 * Azure autoscale rule's {@code metricName} reads as it is.
 */
public enum MetricName {
    /** CPU time of the instance's processes as a percentage of the machine's cores, per instance. */
    CPU_UTILIZATION("CpuUtilizationPercentage", Scope.INSTANCE, "%"),
    /** Resident memory of the instance's processes as a percentage of the machine's memory, per instance. */
    MEMORY_UTILIZATION("CpuMemoryUtilizationPercentage", Scope.INSTANCE, "%"),
    /** Requests the deployment answered, as a rate per minute. */
    REQUESTS_PER_MINUTE("RequestsPerMinute", Scope.DEPLOYMENT, "requests/min"),
    /** Mean time from the gateway receiving a request to its answer, in milliseconds. */
    REQUEST_LATENCY("RequestLatency", Scope.DEPLOYMENT, "ms"),
    REQUEST_LATENCY_P50("RequestLatency_P50", Scope.DEPLOYMENT, "ms"),
    REQUEST_LATENCY_P90("RequestLatency_P90", Scope.DEPLOYMENT, "ms"),
    REQUEST_LATENCY_P95("RequestLatency_P95", Scope.DEPLOYMENT, "ms"),
    REQUEST_LATENCY_P99("RequestLatency_P99", Scope.DEPLOYMENT, "ms"),
    /** Requests in flight at an instance (running or waiting in its queue), averaged over the grain. */
    CONCURRENT_REQUESTS_PER_INSTANCE("ConcurrentRequestsPerInstance", Scope.INSTANCE, "requests"),
    /** Mean time requests waited in an instance's queue for a scoring slot, in milliseconds. */
    REQUEST_QUEUE_WAIT("RequestQueueWaitMs", Scope.DEPLOYMENT, "ms"),
    /** Instances of the deployment that are Ready. */
    DEPLOYMENT_CAPACITY("DeploymentCapacity", Scope.DEPLOYMENT, "instances");

    /** Whether a point holds one value per instance, or one for the whole deployment. */
    public enum Scope { INSTANCE, DEPLOYMENT }

    private final String azureName;
    private final Scope scope;
    private final String unit;

    MetricName(String azureName, Scope scope, String unit) {
        this.azureName = azureName;
        this.scope = scope;
        this.unit = unit;
    }

    public String azureName() {
        return azureName;
    }

    public Scope scope() {
        return scope;
    }

    public String unit() {
        return unit;
    }

    /** Azure's spelling; case-insensitive, as Azure Monitor reads metric names. */
    public static Optional<MetricName> fromAzureName(String name) {
        return Arrays.stream(values()).filter(m -> m.azureName.equalsIgnoreCase(name)).findFirst();
    }
}
