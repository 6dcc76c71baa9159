package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.ComputeBackend;
import dev.sluice.core.compute.InstanceLaunch;
import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.spec.ProbeSettings;
import dev.sluice.core.store.Store;
import dev.sluice.core.worker.WorkerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Starts, adopts and stops instance processes through the {@link ComputeBackend}, and keeps the store's
 * instance records in step, so that a restarted server knows which workers it had. Runs on the controller
 * thread; exits are reported back to it through {@link ExitListener}.
 */
final class InstanceLauncher {

    /** Told, on the controller thread, that an instance's process has exited. */
    interface ExitListener {
        void onExit(Instance instance, RunningInstance process, int exitCode);
    }

    private final ComputeBackend backend;
    private final WorkerConfigs configs;
    private final DataDir dataDir;
    private final Store store;
    private final InstanceEvents events;
    private final Clock clock;
    private final Executor controllerThread;
    private final SecureRandom random;
    private long sequence;
    /** What the store has of each instance, so only changes are written. */
    private final java.util.Map<String, InstanceRecord> saved = new java.util.HashMap<>();
    private ExitListener exitListener = (instance, process, code) -> { };

    InstanceLauncher(ComputeBackend backend, WorkerConfigs configs, DataDir dataDir, Store store,
                     InstanceEvents events, Clock clock, Executor controllerThread, SecureRandom random) {
        this.backend = backend;
        this.configs = configs;
        this.dataDir = dataDir;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.controllerThread = controllerThread;
        this.random = random;
    }

    void onExit(ExitListener listener) {
        this.exitListener = listener;
    }

    /** A new instance of the deployment's current generation, not yet started. */
    Instance newInstance(Deployment deployment, RuntimeFingerprint fingerprint) {
        DeploymentId id = DeploymentId.of(deployment);
        byte[] suffix = new byte[3];
        random.nextBytes(suffix);
        String instanceId = deployment.name() + "-" + HexFormat.of().formatHex(suffix);
        return new Instance(instanceId, ++sequence, id, dataDir.instanceDir(id, instanceId), deployment.generation(),
                fingerprint);
    }

    /** The instance an earlier server recorded, to be adopted. */
    Instance existing(InstanceRecord record, RuntimeFingerprint fingerprint) {
        DeploymentId id = new DeploymentId(record.endpointName(), record.deploymentName());
        return new Instance(record.id(), ++sequence, id, dataDir.instanceDir(id, record.id()), record.generation(),
                fingerprint);
    }

    /** Starts (or restarts) the instance's process with the deployment's spec. Throws when the spec cannot run. */
    void start(Instance instance, Deployment deployment, Path python) {
        WorkerConfig config = configs.forInstance(deployment, instance.id, instance.dir, python);
        InstanceLaunch launch = new InstanceLaunch(instance.id, instance.deployment, deployment.generation(), config,
                instance.dir);
        RunningInstance process = backend.start(launch);
        Instant now = Instant.now(clock);
        instance.process = process;
        instance.state = InstanceState.STARTING;
        instance.url = "";
        instance.startedAt = now;
        instance.restartAt = null;
        instance.readySince = null;
        instance.everReady = false;
        instance.probeFailures = 0;
        instance.probeSuccesses = 0;
        instance.nextProbeAt = now;
        instance.nextLivenessAt = null;
        instance.livenessFailures = 0;
        instance.startDeadline = now.plus(startupAllowance(deployment));
        instance.requestTimeout = deployment.spec().requestSettingsOrDefault().requestTimeout();
        save(instance);
        events.record(instance.deployment, instance.id, instance.restarts == 0 ? "Started" : "Restarted",
                "pid " + process.pid());
        watchExit(instance, process);
    }

    /** Takes over a worker that an earlier server started; false when it is gone. */
    boolean adopt(Instance instance, InstanceRecord record, Deployment deployment) {
        WorkerConfig config = configs.forInstance(deployment, instance.id, instance.dir, null);
        InstanceLaunch launch = new InstanceLaunch(instance.id, instance.deployment, record.generation(), config,
                instance.dir);
        Optional<RunningInstance> process = backend.adopt(record, launch);
        if (process.isEmpty()) {
            return false;
        }
        Instant now = Instant.now(clock);
        instance.process = process.get();
        instance.state = InstanceState.STARTING;
        instance.startedAt = record.startedAt() == null ? now : record.startedAt();
        instance.restarts = record.restarts();
        instance.nextProbeAt = now;
        instance.startDeadline = now.plus(startupAllowance(deployment));
        instance.requestTimeout = deployment.spec().requestSettingsOrDefault().requestTimeout();
        events.record(instance.deployment, instance.id, "Adopted", "pid " + process.get().pid());
        watchExit(instance, process.get());
        return true;
    }

    /** Asks the process to stop; {@code grace} bounds how long it may take to finish in-flight requests. */
    void stop(Instance instance, Duration grace) {
        instance.state = InstanceState.TERMINATING;
        if (instance.process == null) {
            forget(instance);
            return;
        }
        events.record(instance.deployment, instance.id, "Terminating",
                "stop requested; in-flight requests get up to " + grace.toSeconds() + " s");
        instance.process.stop(grace);
    }

    /** Drops the instance's record once it will not run again. */
    void forget(Instance instance) {
        saved.remove(instance.id);
        store.deleteInstance(instance.id);
    }

    /**
     * Forgets an instance that stopped as asked, with its folder: its console log has nothing a user still
     * needs. Instances that failed keep theirs until the deployment goes, so get-logs can explain them.
     */
    void discard(Instance instance) {
        forget(instance);
        FolderDeletion.delete(instance.dir);
    }

    void save(Instance instance) {
        InstanceRecord record = instance.toRecord();
        saved.put(instance.id, record);
        store.saveInstance(record);
    }

    /** Writes the records of instances whose state, address or generation changed since they were saved. */
    void saveChanged(Iterable<Instance> instances) {
        for (Instance instance : instances) {
            if (!instance.isTerminating() && !instance.toRecord().equals(saved.get(instance.id))) {
                save(instance);
            }
        }
    }

    private void watchExit(Instance instance, RunningInstance process) {
        process.onExit().whenComplete((code, failure) -> controllerThread.execute(
                () -> exitListener.onExit(instance, process, code == null ? -1 : code)));
    }

    /** Azure fails an instance whose readiness never passes: initial delay plus period times failure threshold. */
    private static Duration startupAllowance(Deployment deployment) {
        ProbeSettings probe = deployment.spec().readinessProbe() == null
                ? ProbeSettings.defaults() : deployment.spec().readinessProbe().withDefaults();
        return probe.initialDelayDuration().plus(probe.periodDuration().multipliedBy(probe.failureThreshold()));
    }
}
