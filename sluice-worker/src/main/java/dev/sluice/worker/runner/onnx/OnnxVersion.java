package dev.sluice.worker.runner.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.BatchingSettings;
import dev.sluice.core.spec.DeploymentSluiceSettings;
import dev.sluice.worker.runner.batch.Batcher;
import dev.sluice.worker.runner.v2.InferRequest;
import dev.sluice.worker.runner.v2.InferResponse;
import dev.sluice.worker.runner.v2.ModelMetadata.TensorMetadata;
import dev.sluice.worker.runner.v2.Signature;
import dev.sluice.worker.runner.v2.Tensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One version of a model: its ONNX Runtime session and signature, and, with {@code sluice.batching}, the
 * {@link Batcher} that runs its requests in batches. Each request is checked against the signature on its own
 * thread before it may join a batch, so a bad one gets its own 400 and never reaches the others' batch.
 */
final class OnnxVersion implements AutoCloseable {

    private static final int MAX_MESSAGE_CHARS = 400;

    private final String model;
    private final long number;
    private final OrtSession session;
    private final Signature signature;
    private final OnnxTensors tensors;
    private final Batcher<InferRequest, Inferred> batcher;
    /** How long this version's unbatched runs took lately: whether they may run on the HTTP event loop. */
    private final RecentRunTime runTimes;

    private OnnxVersion(String model, long number, OrtSession session, Signature signature, OnnxTensors tensors,
                        BatchingSettings batching, RecentRunTime runTimes) {
        this.model = model;
        this.number = number;
        this.session = session;
        this.signature = signature;
        this.tensors = tensors;
        this.batcher = batching == null ? null : Batcher.create(model + "-" + number, batching.maxBatchSize(),
                batching.maxQueueDelay(), this::runBatch);
        this.runTimes = runTimes;
    }

    /**
     * Opens the session; with batching, refuses a model that has an input or output without a dynamic first
     * dimension (requests could not be stacked along it).
     *
     * @param batching {@code sluice.batching}, or null for none
     * @param runBudget how long recent unbatched runs may have taken for the next to run on the event loop
     */
    static OnnxVersion open(OrtEnvironment env, String model, long number, Path file, SessionThreads threads,
                            BatchingSettings batching, Duration runBudget) throws OrtException {
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            threads.applyTo(options);
            session = env.createSession(file.toString(), options);
        }
        try {
            Signature signature = new Signature(describe(session.getInputInfo()), describe(session.getOutputInfo()));
            if (batching != null) {
                requireBatchable(model, number, signature);
            }
            return new OnnxVersion(model, number, session, signature, new OnnxTensors(env), batching,
                    RecentRunTime.withBudget(runBudget));
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static List<TensorMetadata> describe(Map<String, NodeInfo> nodes) {
        List<TensorMetadata> out = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo info) {
                List<Long> shape = new ArrayList<>();
                for (long d : info.getShape()) {
                    shape.add(d < 0 ? -1L : d);
                }
                out.add(new TensorMetadata(node.getName(), OnnxTensors.v2Name(info.onnxType), shape));
            } else {
                out.add(new TensorMetadata(node.getName(), node.getInfo().getClass().getSimpleName(), List.of()));
            }
        }
        return out;
    }

    private static void requireBatchable(String model, long number, Signature signature) {
        List<TensorMetadata> all = new ArrayList<>(signature.inputs());
        all.addAll(signature.outputs());
        for (TensorMetadata t : all) {
            if (t.shape().isEmpty() || t.shape().get(0) != -1L) {
                String kind = signature.inputs().contains(t) ? "input" : "output";
                throw SluiceException.badArgument(DeploymentSluiceSettings.KEY + ".batching", "model '" + model + "' version "
                        + number + " has " + kind + " '" + t.name() + "' of shape " + t.shape(), "a dynamic first "
                        + "dimension (-1) on every input and output of the models, along which requests are stacked;"
                        + " or no batching for this deployment");
            }
        }
    }

    long number() {
        return number;
    }

    Signature signature() {
        return signature;
    }

    /**
     * Checks the request against the signature (a misfit throws at once), then runs it: at once, or in a batch
     * when it can share one, in which case the answer may come later and on another thread.
     */
    CompletableFuture<Inferred> infer(InferRequest request) throws Exception {
        signature.check(request);
        List<String> wanted = signature.outputsFor(request);
        if (batcher != null) {
            // A request that cannot share a batch still runs on the batcher's thread, as a batch of its own: its
            // caller may be the HTTP event loop (OnnxRunner#handlesOnEventLoop), which with batching never runs
            // the model.
            TensorBatch.Key key = TensorBatch.keyOf(request, wanted);
            return batcher.submit(request, key != null ? key : new Object());
        }
        long started = System.nanoTime();
        List<Tensor> outputs;
        try {
            outputs = run(request.inputs(), wanted);
        } finally {
            // A run that fails after a long time is as slow as one that succeeds.
            runTimes.record(System.nanoTime() - started);
        }
        return CompletableFuture.completedFuture(new Inferred(respond(request, outputs), 1));
    }

    /** Without batching, whether this version's recent runs were fast enough to run the next on the event loop. */
    boolean runsFast() {
        return batcher == null && runTimes.withinBudget();
    }

    /** Requests of one key, already checked: stacked, run once, and split back. */
    private List<Inferred> runBatch(List<InferRequest> batch) throws Exception {
        List<String> wanted = signature.outputsFor(batch.get(0));
        if (batch.size() == 1) {
            return List.of(new Inferred(respond(batch.get(0), run(batch.get(0).inputs(), wanted)), 1));
        }
        int[] rows = new int[batch.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = TensorBatch.rows(batch.get(i));
        }
        List<List<Tensor>> parts = TensorBatch.split(run(TensorBatch.stack(batch), wanted), rows);
        List<Inferred> out = new ArrayList<>(batch.size());
        for (int i = 0; i < rows.length; i++) {
            out.add(new Inferred(respond(batch.get(i), parts.get(i)), batch.size()));
        }
        return out;
    }

    private InferResponse respond(InferRequest request, List<Tensor> outputs) {
        return new InferResponse(model, String.valueOf(number), request.id(), outputs, request.binaryOutputs());
    }

    private List<Tensor> run(List<Tensor> given, List<String> wanted) throws Exception {
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (Tensor t : given) {
                inputs.put(t.name(), tensors.toOnnx(t));
            }
            try (OrtSession.Result result = session.run(inputs, new HashSet<>(wanted))) {
                List<Tensor> outputs = new ArrayList<>(wanted.size());
                for (String name : wanted) {
                    outputs.add(output(name, result.get(name)));
                }
                return outputs;
            }
        } catch (OrtException e) {
            throw badInput(e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * The model loaded and the request fits its signature, so an argument or kernel failure of the run (inputs
     * that disagree on a dimension, say) is about this request's input: a 400 of its own, as a signature misfit
     * is. Other failures stay what they are (a 500).
     */
    private static Exception badInput(OrtException e) {
        if (e.getCode() != OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT
                && e.getCode() != OrtException.OrtErrorCode.ORT_RUNTIME_EXCEPTION) {
            return e;
        }
        String message = String.valueOf(e.getMessage()).replaceFirst("^Error code - \\w+ - message: ", "").strip();
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "…";
        }
        return SluiceException.of(ErrorCode.BAD_ARGUMENT, "inputs: the model cannot run on them: " + message, "inputs");
    }

    private static Tensor output(String name, Optional<OnnxValue> value) {
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, "output '" + name + "' is not a tensor"
                    + " (expected: tensor outputs; sequences and maps are not supported)");
        }
        return OnnxTensors.fromOnnx(name, tensor);
    }

    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing at shutdown: nothing useful to do with the failure.
        }
    }
}
