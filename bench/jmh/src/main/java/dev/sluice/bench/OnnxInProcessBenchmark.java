package dev.sluice.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
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
 * ONNX Runtime called in-process, {@code rows} rows per call (one request's, or a batch's), as the worker calls
 * it: build the input tensor from a float array, run the session, read the output floats. The baseline for the
 * worker's overhead (bench/run.sh passes the model path and the session's intra-op thread count, and -t for
 * concurrency); with {@code rows} 32, the ceiling of what batching can gain (rows per second = ops × rows).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class OnnxInProcessBenchmark {

    /** Path of the model.onnx; bench/run.sh passes testdata/onnx/mlp/mlp/1/model.onnx. */
    @Param("")
    public String model;

    /** The session's intra-op threads; 0 is ONNX Runtime's default (one per core). */
    @Param("0")
    public int intraOpThreads;

    /** Whether idle intra-op pool threads spin for work (ONNX Runtime's default: they do). */
    @Param("true")
    public boolean allowSpinning;

    @Param("input")
    public String inputName;

    @Param("256")
    public int features;

    /** Rows per call: 1 for one request, more for a batch. */
    @Param("1")
    public int rows;

    private OrtEnvironment env;
    private OrtSession session;

    /** Each benchmark thread sends its own request, as each connection does. */
    @State(Scope.Thread)
    public static class Request {
        float[] row;

        @Setup
        public void fill(OnnxInProcessBenchmark bench) {
            Random random = new Random(Thread.currentThread().getId());
            row = new float[bench.rows * bench.features];
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextFloat() * 2 - 1;
            }
        }
    }

    @Setup
    public void load() throws OrtException {
        if (model.isEmpty()) {
            throw new IllegalArgumentException("model: '' (expected: -p model=<path of model.onnx>)");
        }
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
            session = env.createSession(model, options);
        }
    }

    @TearDown
    public void close() throws OrtException {
        session.close();
    }

    @Benchmark
    public float[][] infer(Request request) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(request.row),
                new long[] {rows, features});
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            return (float[][]) result.get(0).getValue();
        }
    }
}
