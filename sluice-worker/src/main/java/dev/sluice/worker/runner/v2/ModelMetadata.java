package dev.sluice.worker.runner.v2;

import java.util.List;

/**
 * The answer to {@code GET /v2/models/{m}}: the model's name, its versions, its platform and the signature.
 * Datatypes are strings because a model may use one that this worker cannot feed (FP16, BYTES, …).
 */
public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                            List<TensorMetadata> outputs) {

    /** One input or output: name, datatype and shape with -1 for each dynamic dimension. */
    public record TensorMetadata(String name, String datatype, List<Long> shape) {
        public TensorMetadata {
            shape = List.copyOf(shape);
        }
    }

    public ModelMetadata {
        versions = List.copyOf(versions);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
