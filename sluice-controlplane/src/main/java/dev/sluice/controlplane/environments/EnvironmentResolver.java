package dev.sluice.controlplane.environments;

import dev.sluice.core.spec.EnvironmentSpec;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Finds or builds the Python environment a {@code score.py} deployment runs in. The controller asks once per
 * deployment generation and starts no instance until the answer is there.
 */
public interface EnvironmentResolver {

    /**
     * The interpreter to run the deployment's scoring script with.
     *
     * @param environment the deployment's {@code environment} (may be null, or a registered/curated reference)
     * @param condaFile   the uploaded conda or pip requirements file, or null when the environment names none
     * @param buildLog    where the build's output goes ({@code get-logs --container storage-initializer})
     * @return completes with the interpreter's path, or exceptionally with a {@code SluiceException}
     *         ({@code ENVIRONMENT_FAILED}) whose message lists what is missing
     */
    CompletableFuture<Path> pythonFor(EnvironmentSpec environment, Path condaFile, Path buildLog);
}
