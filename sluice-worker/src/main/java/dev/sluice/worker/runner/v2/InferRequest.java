package dev.sluice.worker.runner.v2;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code POST /v2/models/{m}/infer} body.
 *
 * @param id            the caller's request id, echoed in the response, or empty
 * @param inputs        the input tensors in the order given
 * @param outputs       names of the outputs wanted; empty means all of the model's outputs
 * @param binaryOutputs which outputs go back as binary tensor data
 */
public record InferRequest(Optional<String> id, List<Tensor> inputs, List<String> outputs, BinaryOutputs binaryOutputs) {

    public InferRequest {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(binaryOutputs, "binaryOutputs");
    }

    /** Outputs answered as JSON. */
    public InferRequest(Optional<String> id, List<Tensor> inputs, List<String> outputs) {
        this(id, inputs, outputs, BinaryOutputs.none());
    }
}
