package dev.sluice.worker.runner.v2;

import java.util.List;
import java.util.Optional;

/** What an inference answers: which model and version answered, the request's id and the output tensors. */
public record InferResponse(String modelName, String modelVersion, Optional<String> id, List<Tensor> outputs) {

    public InferResponse {
        outputs = List.copyOf(outputs);
    }
}
