package dev.sluice.core.compute;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.worker.WorkerConfig;
import java.nio.file.Path;

/** What a backend needs to start one instance: who it is, what it runs and where its files go. */
public record InstanceLaunch(String instanceId, DeploymentId deployment, long generation, WorkerConfig config,
                             Path instanceDir) {

    /** The instance's console log: the worker's stdout and stderr, served by {@code get-logs}. */
    public Path consoleLog() {
        return instanceDir.resolve("console.log");
    }
}
