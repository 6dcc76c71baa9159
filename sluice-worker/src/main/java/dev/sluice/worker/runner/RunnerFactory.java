package dev.sluice.worker.runner;

import dev.sluice.core.worker.WorkerConfig;

/** Chooses and creates the runner for a worker's config; creating is cheap, {@link Runner#init} does the work. */
@FunctionalInterface
public interface RunnerFactory {

    /** @throws dev.sluice.core.error.SluiceException when no runner serves this model type and scoring script */
    Runner create(WorkerConfig config);
}
