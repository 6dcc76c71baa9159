package dev.sluice.controlplane.environments;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.EnvironmentSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves a score.py deployment's environment to an interpreter, as Azure builds an image from
 * {@code environment.conda_file}: a virtual environment of the base interpreter with its system site packages, under
 * {@code environments/<hash>} where the hash covers the file's bytes and the base interpreters. A built environment is
 * reused at once by every deployment with the same file; two deployments asking for the same file while it is being
 * built share the one build. Builds run on a small bounded pool, never on the caller's thread.
 *
 * <p>Without a conda file, the base interpreter runs the script: for a registered or curated environment
 * ({@code azureml:AzureML-sklearn-1.5:1}), the first base interpreter that has the packages its name suggests.
 * {@code environment.image} and {@code build} are for Kubernetes and are ignored here, with a log line.
 */
public final class PythonEnvironmentResolver implements EnvironmentResolver, AutoCloseable {

    private static final int HASH_HEX = 24;

    private final Path root;
    private final PythonEnvironmentOptions options;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final EnvironmentBuilder builder;
    private final ThreadPoolExecutor executor;
    private final ConcurrentHashMap<String, CompletableFuture<Path>> building = new ConcurrentHashMap<>();

    private PythonEnvironmentResolver(Path root, PythonEnvironmentOptions options, Clock clock) {
        this.root = root;
        this.options = options;
        this.clock = clock;
        this.builder = new EnvironmentBuilder(options, new InterpreterProbe(options.probeTimeout()), json, clock);
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(options.builders(), options.builders(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, options.queueCapacity())), r -> {
                    Thread t = new Thread(r, "sluice-environment-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** @param environmentsDir the data folder's {@code environments/} */
    public static PythonEnvironmentResolver create(Path environmentsDir, PythonEnvironmentOptions options, Clock clock) {
        return new PythonEnvironmentResolver(environmentsDir, options, clock);
    }

    @Override
    public CompletableFuture<Path> pythonFor(EnvironmentSpec environment, Path condaFile, Path buildLog) {
        BuildLog log = new BuildLog(buildLog, clock);
        logIgnoredParts(environment, log);
        if (condaFile == null) {
            return submit(() -> baseInterpreter(environment, log));
        }
        EnvironmentFile file;
        String hash;
        try {
            byte[] content = Files.readAllBytes(condaFile);
            file = EnvironmentFile.parse(condaFile.getFileName().toString(),
                    new String(content, StandardCharsets.UTF_8));
            hash = hash(content);
        } catch (IOException e) {
            return failed(log, SluiceException.of(ErrorCode.ENVIRONMENT_FAILED, "environment.conda_file "
                    + condaFile.getFileName() + " cannot be read: " + e.getMessage()));
        } catch (SluiceException e) {
            return failed(log, e);
        }
        Path dir = root.resolve(hash);
        Optional<EnvironmentMarker> cached = EnvironmentMarker.read(dir, json);
        if (cached.isPresent()) {
            log.line("environment " + hash + " for " + file.fileName() + " is already built (" + cached.get().builtAt()
                    + " from " + cached.get().base() + "): " + cached.get().python());
            cached.get().notes().forEach(log::line);
            return CompletableFuture.completedFuture(Path.of(cached.get().python()));
        }
        return build(file, hash, dir, log);
    }

    private CompletableFuture<Path> build(EnvironmentFile file, String hash, Path dir, BuildLog log) {
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = building.putIfAbsent(hash, mine);
        if (running != null) {
            log.line("environment " + hash + " for " + file.fileName() + " is being built for another deployment;"
                    + " waiting for that build");
            return running.whenComplete((python, failure) -> log.line(failure == null
                    ? "environment " + hash + " ready: " + python : "environment " + hash + " failed: "
                    + cause(failure).getMessage()));
        }
        try {
            executor.execute(() -> {
                try {
                    mine.complete(builder.build(file, hash, dir, log));
                } catch (Throwable e) {
                    SluiceException failure = e instanceof SluiceException s ? s : SluiceException.wrap(
                            ErrorCode.ENVIRONMENT_FAILED, "building environment " + hash + " failed: " + e, e);
                    log.line("failed: " + failure.getMessage());
                    mine.completeExceptionally(failure);
                } finally {
                    building.remove(hash, mine);
                }
            });
        } catch (RejectedExecutionException e) {
            building.remove(hash, mine);
            return failed(log, busy());
        }
        return mine;
    }

    /** No conda file: the base interpreter serves; for a curated environment, one with the packages it names. */
    private Path baseInterpreter(EnvironmentSpec environment, BuildLog log) {
        String reference = environment == null ? null : environment.reference();
        List<String> suggested = reference == null ? List.of() : CuratedEnvironments.packagesOf(reference);
        if (reference != null) {
            log.line("environment " + reference + " is a registered or curated Azure ML environment, which Sluice"
                    + " cannot fetch; a base interpreter runs score.py"
                    + (suggested.isEmpty() ? "" : " (one with " + String.join(", ", suggested) + " if there is one)"));
        } else {
            log.line("no environment.conda_file: a base interpreter runs score.py");
        }
        EnvironmentFile wanted = new EnvironmentFile(reference == null ? "the environment" : reference, null,
                suggested.stream().map(Requirement::pip).toList(), List.of());
        EnvironmentBuilder.Choice choice = builder.choose(wanted, log);
        if (!choice.assessment().complete()) {
            log.line("no base interpreter has every package that " + reference + " suggests; using "
                    + choice.describe() + ", where score.py may fail to import them");
        }
        log.line("using " + choice.describe());
        return Path.of(choice.report().executable());
    }

    private static void logIgnoredParts(EnvironmentSpec environment, BuildLog log) {
        if (environment == null) {
            return;
        }
        if (environment.image() != null) {
            log.line("environment.image " + environment.image() + " is used on Kubernetes; local instances run"
                    + " score.py in a Python environment instead");
        }
        if (environment.build() != null && !environment.build().isNull()) {
            log.line("environment.build is used on Kubernetes; local instances ignore it");
        }
    }

    /** The environment's folder name: the file's bytes and the base interpreters it may be built from. */
    String hash(byte[] content) {
        MessageDigest digest = ArtifactDigest.sha256();
        digest.update(content);
        digest.update(("\0" + String.join("\0", options.baseInterpreters())).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest()).substring(0, HASH_HEX);
    }

    private CompletableFuture<Path> submit(java.util.concurrent.Callable<Path> work) {
        CompletableFuture<Path> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(busy());
        }
        return result;
    }

    private SluiceException busy() {
        return SluiceException.of(ErrorCode.ENVIRONMENT_FAILED, "too many Python environments are being prepared at"
                + " once (" + options.builders() + " building, " + options.queueCapacity() + " waiting); update the"
                + " deployment to try again");
    }

    private static CompletableFuture<Path> failed(BuildLog log, SluiceException e) {
        log.line("failed: " + e.getMessage());
        return CompletableFuture.failedFuture(e);
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    /** Stops the builders; builds in progress are abandoned (their folders lack the marker and are built again). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
