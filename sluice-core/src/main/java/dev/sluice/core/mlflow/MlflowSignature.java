package dev.sluice.core.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An MLflow model's input signature ({@code MLmodel}'s {@code signature.inputs}, a JSON string): either named
 * columns with types ({@code [{"name": "age", "type": "double"}]}) or tensors
 * ({@code [{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]}).
 */
public record MlflowSignature(List<Column> columns, List<TensorSpec> tensors) {

    /** The column types MLflow writes; others ({@code array}, {@code object}) are taken as they come. */
    public static final Set<String> COLUMN_TYPES = Set.of("boolean", "integer", "long", "float", "double", "string",
            "binary", "datetime");

    /** One column; {@code name} may be null for positional columns. */
    public record Column(String name, String type, boolean required) {
    }

    /** One tensor; {@code name} is null for the single unnamed tensor, {@code -1} in the shape means any size. */
    public record TensorSpec(String name, String dtype, List<Long> shape) {
        public TensorSpec {
            shape = List.copyOf(shape);
        }
    }

    public MlflowSignature {
        columns = List.copyOf(columns);
        tensors = List.copyOf(tensors);
    }

    public boolean isTensorBased() {
        return !tensors.isEmpty();
    }

    /** The column names, in signature order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Parses {@code signature.inputs} (the JSON text inside the YAML). */
    static MlflowSignature parse(String inputsJson, ObjectMapper json) {
        JsonNode inputs;
        try {
            inputs = json.readTree(inputsJson);
        } catch (java.io.IOException e) {
            throw invalid("is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw invalid("is " + inputs + " (expected: a JSON list of columns or tensors)");
        }
        List<Column> columns = new ArrayList<>();
        List<TensorSpec> tensors = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode input = inputs.get(i);
            String name = input.path("name").isTextual() ? input.get("name").asText() : null;
            String type = input.path("type").asText("");
            if (type.equals("tensor")) {
                tensors.add(tensor(name, input.path("tensor-spec"), i));
            } else if (!type.isEmpty()) {
                columns.add(new Column(name, type, !input.has("required") || input.get("required").asBoolean(true)));
            } else {
                throw invalid("[" + i + "]: " + input + " (expected: a column {name, type} or a tensor)");
            }
        }
        if (!columns.isEmpty() && !tensors.isEmpty()) {
            throw invalid("mixes columns and tensors (expected: one kind)");
        }
        return new MlflowSignature(columns, tensors);
    }

    private static TensorSpec tensor(String name, JsonNode spec, int index) {
        if (!spec.path("dtype").isTextual() || !spec.path("shape").isArray()) {
            throw invalid("[" + index + "].tensor-spec: " + spec + " (expected: {dtype, shape})");
        }
        List<Long> shape = new ArrayList<>();
        spec.get("shape").forEach(d -> shape.add(d.asLong()));
        return new TensorSpec(name, spec.get("dtype").asText(), shape);
    }

    private static SluiceException invalid(String what) {
        return SluiceException.of(ErrorCode.BAD_ARGUMENT, "MLmodel: signature.inputs " + what, "MLmodel");
    }
}
