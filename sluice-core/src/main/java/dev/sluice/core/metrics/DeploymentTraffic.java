package dev.sluice.core.metrics;

/**
 * A deployment's live traffic at the gateway since it started, as cumulative counters: a reader subtracts an
 * earlier reading to learn what happened in between.
 *
 * @param answered   live requests answered (any status)
 * @param latency    their durations, from the gateway receiving the request to the end of the answer
 * @param queueWait  the waits that workers reported for a scoring slot
 * @param inFlight   live requests in flight now (forwarded and not yet answered, queued at a worker included)
 */
public record DeploymentTraffic(long answered, LatencyHistogram.Counts latency, LatencyHistogram.Counts queueWait,
                                int inFlight) {

    public static final DeploymentTraffic NONE = new DeploymentTraffic(0, LatencyHistogram.Counts.EMPTY,
            LatencyHistogram.Counts.EMPTY, 0);
}
