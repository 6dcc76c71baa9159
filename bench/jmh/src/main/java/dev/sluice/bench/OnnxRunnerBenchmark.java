package dev.sluice.bench;

import dev.sluice.core.spec.BatchingSettings;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.WorkerJson;
import dev.sluice.worker.runner.onnx.OnnxRunner;
import dev.sluice.worker.runner.onnx.SessionThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The worker's ONNX runner called in-process with the same KServe v2 JSON body the HTTP benchmarks send: ONNX
 * Runtime plus the JSON parsing and writing, without HTTP and without the worker's threads. Next to
 * {@link OnnxInProcessBenchmark} it splits the worker's overhead into JSON and transport. With
 * {@code maxBatchSize}, the JMH threads' requests go through the runner's dynamic batching.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class OnnxRunnerBenchmark {

    /** The triton_model folder that holds {@code <model>/<version>/model.onnx}. */
    @Param("")
    public String modelRepository;

    /** The request body file (bench/run.sh writes one row of 256 floats). */
    @Param("")
    public String body;

    @Param("mlp")
    public String modelName;

    @Param("1")
    public int intraOpThreads;

    /** Whether idle intra-op pool threads spin, as the worker decides (SessionThreads). */
    @Param("false")
    public boolean allowSpinning;

    /** sluice.batching.max_batch_size; 0 for no batching. The JMH threads (-t) are the concurrent callers. */
    @Param("0")
    public int maxBatchSize;

    private OnnxRunner runner;
    private ScoringRequest request;

    @Setup
    public void load() throws Exception {
        if (modelRepository.isEmpty() || body.isEmpty()) {
            throw new IllegalArgumentException("modelRepository, body: '' (expected: -p modelRepository=<dir> -p body=<file>)");
        }
        runner = OnnxRunner.create(Path.of(modelRepository), new SessionThreads(intraOpThreads, allowSpinning),
                WorkerJson.create(), maxBatchSize > 0 ? new BatchingSettings(maxBatchSize, 0) : null);
        runner.init();
        request = new ScoringRequest("POST", "/v2/models/" + modelName + "/infer", Map.of(),
                Map.of("content-type", java.util.List.of("application/json")), Files.readAllBytes(Path.of(body)));
        ScoringResult first = runner.handle(request);
        if (first.status() != 200) {
            throw new IllegalStateException("the runner answered " + first.status() + ": " + new String(first.body()));
        }
    }

    @TearDown
    public void close() {
        runner.close();
    }

    @Benchmark
    public ScoringResult handle() throws Exception {
        return runner.handle(request);
    }
}
