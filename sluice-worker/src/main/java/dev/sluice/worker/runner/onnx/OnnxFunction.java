package dev.sluice.worker.runner.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.sluice.worker.runner.v2.DataType;
import dev.sluice.worker.runner.v2.InferRequest;
import dev.sluice.worker.runner.v2.ModelMetadata;
import dev.sluice.worker.runner.v2.ModelMetadata.TensorMetadata;
import dev.sluice.worker.runner.v2.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One ONNX file as a function from tensors to tensors, for callers that bring their own request format (the
 * MLflow {@code onnx} flavour). The same session, signature check and tensor copies as a triton_model version;
 * only outputs that are tensors are computed (a classifier's map of probabilities is not).
 */
public final class OnnxFunction implements AutoCloseable {

    private final OnnxModel model;
    private final ModelMetadata metadata;
    private final List<String> tensorOutputs;

    private OnnxFunction(OnnxModel model) {
        this.model = model;
        this.metadata = model.metadata(Optional.empty());
        this.tensorOutputs = metadata.outputs().stream().filter(o -> DataType.parse(o.datatype()).isPresent())
                .map(TensorMetadata::name).toList();
    }

    /** Opens a session for {@code file}; {@code threads} as for any ONNX model of this worker. */
    public static OnnxFunction load(Path file, SessionThreads threads) throws OrtException {
        // The budget is unused here: the MLflow runner runs every request on a scoring thread.
        return new OnnxFunction(OnnxModel.load(OrtEnvironment.getEnvironment(), "model",
                new TreeMap<>(Map.of(1L, file)), threads, null, OnnxRunner.EVENT_LOOP_RUN_BUDGET));
    }

    public List<TensorMetadata> inputs() {
        return metadata.inputs();
    }

    /** The names of the outputs that {@link #run} computes, in the model's order. */
    public List<String> tensorOutputs() {
        return tensorOutputs;
    }

    /**
     * Checks the inputs against the model's own signature (BAD_ARGUMENT naming the input), then runs it. Without
     * batching the model answers before {@code infer} returns, and failures are thrown from there.
     */
    public List<Tensor> run(List<Tensor> inputs) throws Exception {
        return model.infer(new InferRequest(Optional.empty(), inputs, tensorOutputs), Optional.empty()).join()
                .response().outputs();
    }

    @Override
    public void close() {
        model.close();
    }
}
