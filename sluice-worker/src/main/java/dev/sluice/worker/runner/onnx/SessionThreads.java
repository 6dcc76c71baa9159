package dev.sluice.worker.runner.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.worker.WorkerConfig;

/**
 * How many threads one ONNX Runtime session may use for one request (intra-op threads), and whether idle ones
 * spin. ONNX Runtime's default is one thread per physical core, spinning: right when one request runs at a time, but
 * with several at once it oversubscribes the cores (the 256-512-256-10 MLP of bench/ at 32 concurrent requests
 * on 2 cores: half the throughput and twice the CPU per request). So the cores are shared among the requests
 * that may run at once ({@code max_concurrent_requests_per_instance}), and pool threads spin only when a single
 * request runs at a time, as ONNX Runtime's default does. With {@code sluice.batching} one batch runs at a time,
 * without spinning, on the cores the worker's HTTP event loops leave: batching pays when many requests arrive, and
 * then the loops are busy reading and answering them while the batch runs (the MLP of bench/ at 32 callers on
 * 2 cores: 1.14× the req/s with one thread instead of two). {@code OMP_NUM_THREADS} in the deployment's
 * environment variables, the usual knob for a model server's threads, overrides the count.
 *
 * @param intraOp  threads per request, at least 1 (1 runs the model on the scoring thread itself)
 * @param spinning whether idle pool threads spin for work instead of sleeping at once
 */
public record SessionThreads(int intraOp, boolean spinning) {

    /** The environment variable that overrides the intra-op thread count. */
    public static final String OVERRIDE = "OMP_NUM_THREADS";

    public SessionThreads {
        if (intraOp < 1) {
            throw new IllegalArgumentException("intraOp: " + intraOp + " (expected: at least 1)");
        }
    }

    /**
     * @param cores      the cores this process may use
     * @param eventLoops the worker's HTTP event loops
     * @throws SluiceException BAD_ARGUMENT when {@value #OVERRIDE} is set but not a positive whole number
     */
    public static SessionThreads forConfig(WorkerConfig config, int cores, int eventLoops) {
        boolean batching = config.batching() != null;
        // A batch's requests wait on it rather than run, so one batch at a time and nothing spins.
        int concurrent = batching ? 1 : Math.max(1, config.maxConcurrentRequests());
        boolean alone = concurrent == 1 && !batching;
        String override = config.environmentVariables().get(OVERRIDE);
        if (override != null && !override.isBlank()) {
            return new SessionThreads(parseOverride(override), alone);
        }
        int available = batching ? cores - eventLoops : cores;
        return new SessionThreads(Math.max(1, available / concurrent), alone);
    }

    /** {@link #forConfig(WorkerConfig, int, int)} with the cores of this JVM. */
    public static SessionThreads forConfig(WorkerConfig config, int eventLoops) {
        return forConfig(config, Runtime.getRuntime().availableProcessors(), eventLoops);
    }

    private static int parseOverride(String value) {
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // Answered below with the field's name.
        }
        throw SluiceException.badArgument("environment_variables." + OVERRIDE, "'" + value + "'",
                "a whole number of threads, at least 1");
    }

    void applyTo(OrtSession.SessionOptions options) throws OrtException {
        options.setIntraOpNumThreads(intraOp);
        options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
    }
}
