package dev.sluice.worker.support;

import dev.sluice.core.spec.BatchingSettings;
import dev.sluice.core.spec.ModelType;
import dev.sluice.core.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.Map;

/** Builds {@link WorkerConfig}s for tests: loopback, port 0, no server to watch, generous defaults. */
public final class TestConfig {

    private ModelType modelType = ModelType.CUSTOM_MODEL;
    private Path modelDir;
    private Path codeDir;
    private String scoringScript;
    private Map<String, String> env = Map.of();
    private int requestTimeoutMs = 10_000;
    private int maxConcurrent = 2;
    private int maxQueueWaitMs = 5_000;
    private Path addressFile;
    private long serverPid;
    private Path python;
    private int workerCount = 1;
    private BatchingSettings batching;
    private final Path workDir;

    private TestConfig(Path workDir) {
        this.workDir = workDir;
    }

    public static TestConfig in(Path workDir) {
        return new TestConfig(workDir);
    }

    /** The repository's testdata folder, seen from the module folder that Maven runs tests in. */
    public static Path testdata() {
        return Path.of("..", "testdata").toAbsolutePath().normalize();
    }

    public static Path examples() {
        return Path.of("..", "examples").toAbsolutePath().normalize();
    }

    public TestConfig onnx(Path dir) {
        modelType = ModelType.TRITON_MODEL;
        modelDir = dir;
        scoringScript = null;
        return this;
    }

    /** An MLflow model folder served without code. */
    public TestConfig mlflow(Path dir) {
        modelType = ModelType.MLFLOW_MODEL;
        modelDir = dir;
        scoringScript = null;
        return this;
    }

    public TestConfig java(Path code, String script) {
        modelType = ModelType.CUSTOM_MODEL;
        codeDir = code;
        scoringScript = script;
        return this;
    }

    /** A Python scoring script run by {@code python} with {@code workers} runners ({@code WORKER_COUNT}). */
    public TestConfig python(Path code, String script, Path interpreter, int workers) {
        modelType = ModelType.CUSTOM_MODEL;
        codeDir = code;
        scoringScript = script;
        python = interpreter;
        workerCount = workers;
        return this;
    }

    public TestConfig model(Path dir) {
        modelDir = dir;
        return this;
    }

    public TestConfig env(Map<String, String> variables) {
        env = Map.copyOf(variables);
        return this;
    }

    public TestConfig limits(int concurrent, int queueWaitMs, int timeoutMs) {
        maxConcurrent = concurrent;
        maxQueueWaitMs = queueWaitMs;
        requestTimeoutMs = timeoutMs;
        return this;
    }

    /** {@code sluice.batching} with these settings. */
    public TestConfig batching(int maxBatchSize, int maxQueueDelayMs) {
        batching = new BatchingSettings(maxBatchSize, maxQueueDelayMs);
        return this;
    }

    public TestConfig addressFile(Path file) {
        addressFile = file;
        return this;
    }

    public TestConfig serverPid(long pid) {
        serverPid = pid;
        return this;
    }

    public WorkerConfig build() {
        return new WorkerConfig("i-test", "endpoint", "blue", 1, modelType, str(modelDir), str(codeDir),
                scoringScript, null, env, requestTimeoutMs, maxConcurrent, maxQueueWaitMs, "127.0.0.1", 0,
                str(addressFile), serverPid, workDir.toString(), str(python), workerCount, batching);
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }
}
