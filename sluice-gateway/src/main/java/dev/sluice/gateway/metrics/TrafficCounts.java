package dev.sluice.gateway.metrics;

import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.core.metrics.LatencyHistogram;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A deployment's live traffic as cumulative counts, for the control plane's metrics and autoscaling: answers, their
 * latency and the queue waits workers reported. Recording is lock-free (an adder and two histogram slots).
 */
public final class TrafficCounts {

    private final LongAdder answered = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LatencyHistogram queueWait = new LatencyHistogram();

    void answered(long nanos) {
        answered.increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void queueWait(long micros) {
        queueWait.record(micros, TimeUnit.MICROSECONDS);
    }

    /** Everything so far, with the requests in flight now. */
    public DeploymentTraffic reading(int inFlight) {
        return new DeploymentTraffic(answered.sum(), latency.counts(), queueWait.counts(), inFlight);
    }
}
