package dev.sluice.controlplane.environments;

import dev.sluice.core.spec.EnvironmentSpec;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Runs every score.py with one given interpreter and builds nothing. */
public final class BasePython implements EnvironmentResolver {

    private final Path python;

    private BasePython(Path python) {
        this.python = python;
    }

    public static BasePython of(Path python) {
        return new BasePython(python);
    }

    @Override
    public CompletableFuture<Path> pythonFor(EnvironmentSpec environment, Path condaFile, Path buildLog) {
        return CompletableFuture.completedFuture(python);
    }
}
