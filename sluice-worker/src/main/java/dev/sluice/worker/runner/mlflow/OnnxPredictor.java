package dev.sluice.worker.runner.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.onnx.OnnxFunction;
import dev.sluice.worker.runner.v2.DataType;
import dev.sluice.worker.runner.v2.ModelMetadata.TensorMetadata;
import dev.sluice.worker.runner.v2.Tensor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MLflow {@code onnx} flavour: ONNX Runtime in the worker, no Python. A table goes to a model with one input as
 * a {@code [rows, columns]} tensor, or column by column to inputs of the same names; tensors go by name (the
 * unnamed one to the only input). The answer is the one output as nested lists, or an object of outputs by name.
 */
final class OnnxPredictor implements Predictor {

    private final OnnxFunction function;
    private final ObjectMapper json;

    OnnxPredictor(OnnxFunction function, ObjectMapper json) {
        this.function = function;
        this.json = json;
    }

    @Override
    public ScoringResult predict(ModelInput input) throws Exception {
        List<Tensor> outputs = function.run(input instanceof ModelInput.Table table ? fromTable(table)
                : fromTensors((ModelInput.Tensors) input));
        JsonNode answer;
        if (outputs.size() == 1) {
            answer = nested(outputs.get(0));
        } else {
            ObjectNode byName = json.createObjectNode();
            outputs.forEach(t -> byName.set(t.name(), nested(t)));
            answer = byName;
        }
        return new ScoringResult(200, Map.of("content-type", "application/json"), json.writeValueAsBytes(answer));
    }

    private List<Tensor> fromTable(ModelInput.Table table) {
        List<TensorMetadata> inputs = function.inputs();
        int rows = table.rows().size();
        if (inputs.size() == 1) {
            List<JsonNode> flat = new ArrayList<>();
            table.rows().forEach(flat::addAll);
            return List.of(tensor(inputs.get(0), new long[] {rows, table.columns().size()}, flat, "input_data.data"));
        }
        List<Tensor> out = new ArrayList<>();
        for (TensorMetadata in : inputs) {
            int column = table.columns().indexOf(in.name());
            if (column < 0) {
                throw SluiceException.badArgument("input_data.columns", table.columns(), "a column per input of the"
                        + " ONNX model: " + inputs.stream().map(TensorMetadata::name).toList());
            }
            List<JsonNode> values = table.rows().stream().map(r -> r.get(column)).toList();
            long[] shape = in.shape().size() == 1 ? new long[] {rows} : new long[] {rows, 1};
            out.add(tensor(in, shape, values, "input_data (column '" + in.name() + "')"));
        }
        return out;
    }

    private List<Tensor> fromTensors(ModelInput.Tensors given) {
        List<TensorMetadata> inputs = function.inputs();
        List<Tensor> out = new ArrayList<>();
        for (Map.Entry<String, NestedArray> e : given.byName().entrySet()) {
            TensorMetadata in = e.getKey().isEmpty() && inputs.size() == 1 ? inputs.get(0)
                    : inputs.stream().filter(i -> i.name().equals(e.getKey())).findFirst().orElseThrow(() ->
                    SluiceException.badArgument("input_data", e.getKey().isEmpty() ? "an unnamed tensor"
                            : "tensor '" + e.getKey() + "'", "the ONNX model's inputs "
                            + inputs.stream().map(TensorMetadata::name).toList() + " by name"));
            String field = e.getKey().isEmpty() ? "input_data" : "input_data." + e.getKey();
            out.add(tensor(in, e.getValue().shape(), e.getValue().flat(), field));
        }
        return out;
    }

    private static Tensor tensor(TensorMetadata input, long[] shape, List<JsonNode> values, String field) {
        DataType type = DataType.parse(input.datatype()).orElseThrow(() -> SluiceException.of(ErrorCode.NOT_SUPPORTED,
                "input '" + input.name() + "' of the ONNX model has datatype " + input.datatype()
                        + " (expected: one of " + DataType.allowed() + ")"));
        if (values.stream().anyMatch(java.util.Objects::isNull)) {
            throw SluiceException.badArgument(field, "a missing value", "a value in every cell");
        }
        return new Tensor(input.name(), type, shape, type.read(values, field));
    }

    /** The tensor as nested JSON lists, by its shape. */
    private JsonNode nested(Tensor tensor) {
        long[] shape = tensor.shape();
        if (shape.length == 0) {
            return element(tensor, 0);
        }
        return nested(tensor, shape, 0, new int[] {0});
    }

    private ArrayNode nested(Tensor tensor, long[] shape, int depth, int[] next) {
        ArrayNode out = json.createArrayNode();
        for (long i = 0; i < shape[depth]; i++) {
            out.add(depth == shape.length - 1 ? element(tensor, next[0]++) : nested(tensor, shape, depth + 1, next));
        }
        return out;
    }

    private JsonNode element(Tensor tensor, int index) {
        Object value = Array.get(tensor.data(), index);
        return switch (tensor.type()) {
            case UINT8 -> json.getNodeFactory().numberNode(((Byte) value) & 0xFF);
            case BOOL -> json.getNodeFactory().booleanNode((Boolean) value);
            default -> json.valueToTree(value);
        };
    }

    @Override
    public void close() {
        function.close();
    }
}
