package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads which outputs a request wants as binary tensor data: the request's {@code parameters.binary_data_output}
 * and each requested output's {@code parameters.binary_data}. Other parameters are the model's business and are
 * left alone, as Triton leaves parameters it does not know.
 */
final class OutputParameters {

    private OutputParameters() {
    }

    /** @param outputs the request's {@code outputs}, already checked to be null or a list of named objects */
    static BinaryOutputs binaryOutputs(JsonNode parameters, JsonNode outputs) {
        boolean byDefault = flag(parameters, "binary_data_output", "parameters");
        Map<String, Boolean> perOutput = new HashMap<>();
        if (outputs != null && outputs.isArray()) {
            for (int i = 0; i < outputs.size(); i++) {
                JsonNode own = outputs.get(i).get("parameters");
                String field = "outputs[" + i + "].parameters";
                if (own != null && !own.isNull() && own.has("binary_data") && !own.get("binary_data").isNull()) {
                    perOutput.put(outputs.get(i).get("name").asText(), flag(own, "binary_data", field));
                } else {
                    requireObject(own, field);
                }
            }
        }
        return byDefault || !perOutput.isEmpty() ? new BinaryOutputs(byDefault, perOutput) : BinaryOutputs.none();
    }

    private static boolean flag(JsonNode parameters, String name, String field) {
        requireObject(parameters, field);
        JsonNode value = parameters == null ? null : parameters.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw SluiceException.badArgument(field + "." + name, value.toString(), "true or false");
        }
        return value.booleanValue();
    }

    private static void requireObject(JsonNode parameters, String field) {
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw SluiceException.badArgument(field, InferRequestReader.shorten(parameters), "an object");
        }
    }
}
