package dev.sluice.worker.runner.v2;

import java.util.Map;

/**
 * Which outputs a request wants as binary tensor data rather than JSON: all of them with the request's
 * {@code parameters.binary_data_output: true}, unless an output's own {@code parameters.binary_data} says
 * otherwise, as Triton and KServe read the two.
 *
 * @param byDefault the request's {@code binary_data_output}
 * @param perOutput each output's own {@code binary_data}, where given
 */
public record BinaryOutputs(boolean byDefault, Map<String, Boolean> perOutput) {

    private static final BinaryOutputs NONE = new BinaryOutputs(false, Map.of());

    public BinaryOutputs {
        perOutput = Map.copyOf(perOutput);
    }

    /** Every output as JSON. */
    public static BinaryOutputs none() {
        return NONE;
    }

    public boolean binary(String output) {
        return perOutput.getOrDefault(output, byDefault);
    }
}
