package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.ComputeBackend;
import dev.sluice.core.compute.InstanceLaunch;
import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.worker.WorkerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Creates instances and starts or adopts their processes through the {@link ComputeBackend}. Each exit is posted
 * to the controller's inbox for {@link ExitListener}. Controller thread only.
 */
final class InstanceLauncher {

    /** Told, on the controller thread, that an instance's process has exited. */
    interface ExitListener {
        void onExit(InstanceLifecycle instance, RunningInstance process, int exitCode);
    }

    private final ComputeBackend backend;
    private final WorkerConfigs configs;
    private final DataDir dataDir;
    private final InstanceEvents events;
    private final InstanceRecords records;
    private final Clock clock;
    private final ControllerInbox inbox;
    private final SecureRandom random;
    private final ExitListener exits;
    private long sequence;

    InstanceLauncher(ComputeBackend backend, WorkerConfigs configs, DataDir dataDir, InstanceEvents events,
                     InstanceRecords records, Clock clock, ControllerInbox inbox, SecureRandom random,
                     ExitListener exits) {
        this.backend = backend;
        this.configs = configs;
        this.dataDir = dataDir;
        this.events = events;
        this.records = records;
        this.clock = clock;
        this.inbox = inbox;
        this.random = random;
        this.exits = exits;
    }

    /** A new instance of the deployment's current generation, not yet started. */
    InstanceLifecycle newInstance(DesiredDeployment desired) {
        DeploymentId id = desired.id();
        byte[] suffix = new byte[3];
        random.nextBytes(suffix);
        String instanceId = desired.deployment().name() + "-" + HexFormat.of().formatHex(suffix);
        return new InstanceLifecycle(instanceId, ++sequence, id, dataDir.instanceDir(id, instanceId),
                desired.deployment().generation(), desired.fingerprint(), events);
    }

    /** Starts (or restarts) the instance's process with the deployment's spec. Throws when the spec cannot run. */
    void start(InstanceLifecycle instance, DesiredDeployment desired, Path python) {
        Deployment deployment = desired.deployment();
        WorkerConfig config = configs.forInstance(deployment, instance.id(), instance.dir(), python);
        RunningInstance process = backend.start(new InstanceLaunch(instance.id(), instance.deployment(),
                deployment.generation(), config, instance.dir()));
        instance.started(process, Instant.now(clock), desired.probes().readiness().startupAllowance(),
                desired.requestTimeout());
        records.save(instance);
        watchExit(instance, process);
    }

    /** Takes over a worker that an earlier server started; empty when it is gone. */
    Optional<InstanceLifecycle> adopt(InstanceRecord record, DesiredDeployment desired) {
        DeploymentId id = desired.id();
        RuntimeFingerprint fingerprint = record.generation() == desired.deployment().generation()
                ? desired.fingerprint() : new RuntimeFingerprint("generation-" + record.generation());
        InstanceLifecycle instance = new InstanceLifecycle(record.id(), ++sequence, id,
                dataDir.instanceDir(id, record.id()), record.generation(), fingerprint, events);
        WorkerConfig config = configs.forInstance(desired.deployment(), record.id(), instance.dir(), null);
        Optional<RunningInstance> process = backend.adopt(record,
                new InstanceLaunch(record.id(), id, record.generation(), config, instance.dir()));
        if (process.isEmpty()) {
            return Optional.empty();
        }
        instance.adopted(process.get(), record, Instant.now(clock),
                desired.probes().readiness().startupAllowance(), desired.requestTimeout());
        watchExit(instance, process.get());
        return Optional.of(instance);
    }

    private void watchExit(InstanceLifecycle instance, RunningInstance process) {
        process.onExit().whenComplete((code, failure) -> inbox.post(
                () -> exits.onExit(instance, process, code == null ? -1 : code)));
    }
}
