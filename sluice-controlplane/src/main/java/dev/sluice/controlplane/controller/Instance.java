package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The controller's view of one instance. Mutable, and touched only on the controller thread; the API reads
 * {@link #toRecord()} copies.
 */
final class Instance {

    final String id;
    /** Creation order within this server's life: "newest first" must not depend on clock resolution. */
    final long sequence;
    final DeploymentId deployment;
    final Path dir;
    long generation;
    RuntimeFingerprint fingerprint;
    /** The request timeout it was started with: how long its in-flight requests may take when it is stopped. */
    Duration requestTimeout = Duration.ZERO;
    RunningInstance process;
    InstanceState state = InstanceState.STARTING;
    String url = "";
    Instant startedAt;
    int restarts;
    int consecutiveCrashes;
    Instant readySince;
    Instant restartAt;
    Instant startDeadline;
    Instant nextProbeAt;
    int probeFailures;
    int probeSuccesses;
    boolean probing;
    Instant nextLivenessAt;
    int livenessFailures;
    boolean livenessProbing;
    boolean everReady;

    Instance(String id, long sequence, DeploymentId deployment, Path dir, long generation,
             RuntimeFingerprint fingerprint) {
        this.id = id;
        this.sequence = sequence;
        this.deployment = deployment;
        this.dir = dir;
        this.generation = generation;
        this.fingerprint = fingerprint;
    }

    boolean isRunning() {
        return process != null;
    }

    boolean isReady() {
        return state == InstanceState.READY;
    }

    boolean isTerminating() {
        return state == InstanceState.TERMINATING;
    }

    /** Waiting for its backoff to pass before it is started again. */
    boolean isWaitingToRestart() {
        return process == null && restartAt != null;
    }

    InstanceRecord toRecord() {
        return new InstanceRecord(id, deployment.endpointName(), deployment.deploymentName(), generation, state,
                process == null ? -1 : process.pid(), url, startedAt, restarts);
    }
}
