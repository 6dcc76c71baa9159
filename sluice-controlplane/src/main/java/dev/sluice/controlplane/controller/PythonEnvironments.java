package dev.sluice.controlplane.controller;

import dev.sluice.controlplane.environments.EnvironmentResolver;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Python interpreter of each score.py deployment, resolved once per runtime fingerprint (so scaling does
 * not rebuild) in the background; the controller starts instances only once it is known. Controller thread only.
 */
final class PythonEnvironments {

    /** Where a deployment's environment stands. */
    sealed interface Status permits NotNeeded, Pending, Ready, Failed {
    }

    record NotNeeded() implements Status {
    }

    record Pending() implements Status {
    }

    record Ready(Path python) implements Status {
    }

    record Failed(String reason) implements Status {
    }

    private record Key(DeploymentId deployment, RuntimeFingerprint fingerprint) {
    }

    /** A failed build is asked again after this, for deployments that keep serving meanwhile. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final EnvironmentResolver resolver;
    private final WorkerConfigs configs;
    private final DataDir dataDir;
    private final Runnable wake;
    private final Map<Key, CompletableFuture<Path>> resolutions = new HashMap<>();
    private final Map<Key, Instant> failedAt = new HashMap<>();
    private final Clock clock;

    /** @param wake asks for a reconcile pass (from any thread) once a build finished */
    PythonEnvironments(EnvironmentResolver resolver, WorkerConfigs configs, DataDir dataDir, Runnable wake,
                       Clock clock) {
        this.resolver = resolver;
        this.configs = configs;
        this.dataDir = dataDir;
        this.wake = wake;
        this.clock = clock;
    }

    Status statusFor(Deployment d, RuntimeFingerprint fingerprint) {
        if (!configs.runsPython(d.spec())) {
            return new NotNeeded();
        }
        DeploymentId id = DeploymentId.of(d);
        Key key = new Key(id, fingerprint);
        CompletableFuture<Path> resolution = resolutions.get(key);
        Instant failed = failedAt.get(key);
        if (failed != null && Instant.now(clock).isAfter(failed.plus(RETRY_AFTER))) {
            resolution = null;
            failedAt.remove(key);
        }
        if (resolution == null) {
            resolutions.keySet().removeIf(k -> k.deployment().equals(id));
            try {
                resolution = resolver.pythonFor(d.spec().environment(), configs.condaFile(d.spec()),
                        dataDir.storageInitializerLog(id));
            } catch (SluiceException e) {
                resolution = CompletableFuture.failedFuture(e);
            }
            resolutions.put(key, resolution);
            resolution.whenComplete((python, failure) -> wake.run());
        }
        if (!resolution.isDone()) {
            return new Pending();
        }
        try {
            return new Ready(resolution.join());
        } catch (CompletionException e) {
            failedAt.putIfAbsent(key, Instant.now(clock));
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Failed("environment: " + cause.getMessage());
        }
    }

    void forget(DeploymentId id) {
        resolutions.keySet().removeIf(k -> k.deployment().equals(id));
        failedAt.keySet().removeIf(k -> k.deployment().equals(id));
    }
}
