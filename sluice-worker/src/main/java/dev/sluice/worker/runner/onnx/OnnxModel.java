package dev.sluice.worker.runner.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.BatchingSettings;
import dev.sluice.worker.runner.v2.InferRequest;
import dev.sluice.worker.runner.v2.ModelMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** One model of the repository with an ONNX Runtime session per version; the highest version answers by default. */
final class OnnxModel implements AutoCloseable {

    static final String PLATFORM = "onnxruntime_onnx";

    private final String name;
    private final NavigableMap<Long, OnnxVersion> versions;

    private OnnxModel(String name, NavigableMap<Long, OnnxVersion> versions) {
        this.name = name;
        this.versions = versions;
    }

    /**
     * Opens a session for every version; closes those already opened when one fails.
     *
     * @param batching {@code sluice.batching}, or null for none
     * @param runBudget how long a version's recent unbatched runs may have taken for the next to run on the event
     *                  loop; each version measures its own
     */
    static OnnxModel load(OrtEnvironment env, String name, NavigableMap<Long, Path> files, SessionThreads threads,
                          BatchingSettings batching, Duration runBudget) throws OrtException {
        NavigableMap<Long, OnnxVersion> versions = new TreeMap<>();
        try {
            for (Map.Entry<Long, Path> file : files.entrySet()) {
                versions.put(file.getKey(), OnnxVersion.open(env, name, file.getKey(), file.getValue(), threads,
                        batching, runBudget));
            }
        } catch (OrtException | RuntimeException e) {
            versions.values().forEach(OnnxVersion::close);
            throw e;
        }
        return new OnnxModel(name, versions);
    }

    String name() {
        return name;
    }

    /** The named version, or the highest when none is named; NOT_FOUND names the versions there are. */
    private OnnxVersion version(Optional<String> requested) {
        if (requested.isEmpty()) {
            return versions.lastEntry().getValue();
        }
        String v = requested.get();
        OnnxVersion found = v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() < 19
                ? versions.get(Long.parseLong(v)) : null;
        if (found == null) {
            throw SluiceException.of(ErrorCode.NOT_FOUND, "model '" + name + "' has no version " + v
                    + " (expected: one of " + versionNames() + ")", "version");
        }
        return found;
    }

    List<String> versionNames() {
        return versions.keySet().stream().map(String::valueOf).toList();
    }

    ModelMetadata metadata(Optional<String> requested) {
        OnnxVersion v = version(requested);
        return new ModelMetadata(name, versionNames(), PLATFORM, v.signature().inputs(), v.signature().outputs());
    }

    /** Checks that the version exists (a 404 otherwise); sessions are ready once loaded. */
    void requireVersion(Optional<String> requested) {
        version(requested);
    }

    /**
     * Whether the requested version's recent runs were fast enough to run the next on the event loop; yes for a
     * version that does not exist, whose answer is a 404 at once.
     */
    boolean runsFast(Optional<String> requested) {
        try {
            return version(requested).runsFast();
        } catch (SluiceException e) {
            return true;
        }
    }

    CompletableFuture<Inferred> infer(InferRequest request, Optional<String> requested) throws Exception {
        return version(requested).infer(request);
    }

    @Override
    public void close() {
        versions.values().forEach(OnnxVersion::close);
    }
}
