package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.noop.NoopCounter;

/**
 * Every meter of one deployment: its live and mirrored request series, its in-flight gauge and its dropped
 * mirror copies. {@link #close} takes them all out of the registry when the deployment leaves the routing, so a
 * deleted deployment's series do not stay in {@code /metrics} for ever; the mirrored ones are made on first use.
 */
public final class DeploymentMeters {

    private final GatewayMetrics metrics;
    private final String endpoint;
    private final String deployment;
    private final RequestMeters live;
    private final Gauge inFlight;
    private final TrafficCounts traffic;
    private volatile RequestMeters mirrored;
    private volatile Counter mirrorDropped;
    private boolean closed;

    DeploymentMeters(GatewayMetrics metrics, String endpoint, String deployment, RequestMeters live, Gauge inFlight,
                     TrafficCounts traffic) {
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.deployment = deployment;
        this.live = live;
        this.inFlight = inFlight;
        this.traffic = traffic;
    }

    /** The live traffic counted for autoscaling (not a meter of the registry; it goes with this object). */
    public TrafficCounts traffic() {
        return traffic;
    }

    public RequestMeters requests(Traffic traffic) {
        if (traffic == Traffic.LIVE) {
            return live;
        }
        RequestMeters meters = mirrored;
        return meters != null ? meters : mirroredMeters();
    }

    public Counter mirrorDropped() {
        Counter counter = mirrorDropped;
        return counter != null ? counter : mirrorDroppedCounter();
    }

    /** Most deployments are never mirrored and need no mirrored="true" series. After close: the closed live one. */
    private synchronized RequestMeters mirroredMeters() {
        if (closed) {
            return live;
        }
        if (mirrored == null) {
            mirrored = metrics.requests(endpoint, deployment, Traffic.MIRROR);
        }
        return mirrored;
    }

    private synchronized Counter mirrorDroppedCounter() {
        if (closed) {
            return new NoopCounter(metrics.mirrorDroppedId(endpoint, deployment));
        }
        if (mirrorDropped == null) {
            mirrorDropped = metrics.mirrorDropped(endpoint, deployment);
        }
        return mirrorDropped;
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        live.close();
        if (mirrored != null) {
            mirrored.close();
        }
        if (mirrorDropped != null) {
            metrics.remove(mirrorDropped);
        }
        metrics.remove(inFlight);
    }
}
