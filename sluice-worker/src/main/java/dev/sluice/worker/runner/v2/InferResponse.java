package dev.sluice.worker.runner.v2;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an inference answers: which model and version answered, the request's id, the output tensors, and which
 * of them go back as binary tensor data (as the request asked).
 */
public record InferResponse(String modelName, String modelVersion, Optional<String> id, List<Tensor> outputs,
                            BinaryOutputs binaryOutputs) {

    public InferResponse {
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(binaryOutputs, "binaryOutputs");
    }

    /** Every output as JSON. */
    public InferResponse(String modelName, String modelVersion, Optional<String> id, List<Tensor> outputs) {
        this(modelName, modelVersion, id, outputs, BinaryOutputs.none());
    }
}
