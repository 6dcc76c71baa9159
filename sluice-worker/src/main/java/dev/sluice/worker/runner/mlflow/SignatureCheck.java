package dev.sluice.worker.runner.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.mlflow.MlflowSignature;
import dev.sluice.core.mlflow.MlflowSignature.Column;
import dev.sluice.core.mlflow.MlflowSignature.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforces an MLflow model's input signature before the model sees a request, as MLflow's own schema enforcement
 * does, but strictly: a missing or unknown column, a value of the wrong type, a tensor of the wrong shape is a 400
 * naming it. Columns are put in the signature's order and given its types. Without a signature, input passes as is.
 */
final class SignatureCheck {

    private static final String FIELD = "input_data";

    private SignatureCheck() {
    }

    static ModelInput enforce(MlflowSignature signature, ModelInput input) {
        if (signature == null) {
            return input;
        }
        if (signature.isTensorBased()) {
            return tensors(signature.tensors(), input instanceof ModelInput.Tensors t ? t : asTensor(input));
        }
        return table(signature.columns(), input instanceof ModelInput.Table t ? t : asTable(input, signature));
    }

    private static ModelInput.Table table(List<Column> columns, ModelInput.Table given) {
        boolean positional = given.columns().stream().allMatch(c -> c == null);
        List<String> names = columns.stream().map(Column::name).toList();
        int[] from = new int[columns.size()];
        if (positional) {
            if (given.columns().size() != columns.size() && !given.rows().isEmpty()) {
                throw SluiceException.badArgument(FIELD, given.columns().size() + " values per row", columns.size()
                        + ", one per column of the model's signature " + names);
            }
            Arrays.setAll(from, i -> i);
        } else {
            for (String name : given.columns()) {
                if (!names.contains(name)) {
                    throw SluiceException.badArgument(FIELD + ".columns", "'" + name + "'",
                            "the columns of the model's signature " + names);
                }
            }
            for (int i = 0; i < columns.size(); i++) {
                from[i] = given.columns().indexOf(columns.get(i).name());
                if (from[i] < 0 && columns.get(i).required()) {
                    throw SluiceException.badArgument(FIELD + ".columns", "no '" + columns.get(i).name() + "'",
                            "every required column of the model's signature " + names);
                }
            }
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        for (int r = 0; r < given.rows().size(); r++) {
            List<JsonNode> row = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                JsonNode value = from[c] < 0 ? null : given.rows().get(r).get(from[c]);
                checkCell(columns.get(c), value, r);
                row.add(value);
            }
            rows.add(row);
        }
        return new ModelInput.Table(names, columns.stream().map(Column::type).toList(), rows);
    }

    private static void checkCell(Column column, JsonNode value, int row) {
        String field = FIELD + ".data[" + row + "] (column '" + column.name() + "')";
        if (value == null || value.isNull()) {
            if (column.required()) {
                throw SluiceException.badArgument(field, "(missing)", "a value: the column is required");
            }
            return;
        }
        String expected = switch (column.type()) {
            case "double", "float" -> value.isNumber() ? null : "a number for " + column.type();
            case "integer", "long" -> value.isIntegralNumber() ? null : "an integer for " + column.type();
            case "boolean" -> value.isBoolean() ? null : "true or false for boolean";
            case "string", "binary", "datetime" -> value.isTextual() ? null : "a string for " + column.type();
            default -> null;
        };
        if (expected != null) {
            throw SluiceException.badArgument(field, NestedArray.shorten(value), expected);
        }
    }

    private static ModelInput.Tensors tensors(List<TensorSpec> specs, ModelInput.Tensors given) {
        Map<String, NestedArray> byName = new LinkedHashMap<>();
        Map<String, String> dtypes = new HashMap<>();
        for (TensorSpec spec : specs) {
            String key = spec.name() == null ? "" : spec.name();
            NestedArray tensor = given.byName().get(key);
            if (tensor == null && specs.size() == 1) {
                tensor = given.byName().get(""); // one tensor, sent without its name
            }
            if (tensor == null) {
                throw SluiceException.badArgument(FIELD, "no tensor '" + key + "'",
                        "the tensors of the model's signature " + specs.stream().map(TensorSpec::name).toList());
            }
            String field = key.isEmpty() ? FIELD : FIELD + "." + key;
            checkShape(spec, tensor, field);
            tensor.flat().forEach(v -> checkElement(spec.dtype(), v, field));
            byName.put(key, tensor);
            dtypes.put(key, spec.dtype());
        }
        for (String name : given.byName().keySet()) {
            if (!name.isEmpty() && specs.stream().noneMatch(s -> name.equals(s.name()))) {
                throw SluiceException.badArgument(FIELD + "." + name, "an unknown tensor",
                        "the tensors of the model's signature " + specs.stream().map(TensorSpec::name).toList());
            }
        }
        return new ModelInput.Tensors(byName, dtypes);
    }

    private static void checkShape(TensorSpec spec, NestedArray tensor, String field) {
        long[] shape = tensor.shape();
        boolean fits = shape.length == spec.shape().size();
        for (int d = 0; fits && d < shape.length; d++) {
            fits = spec.shape().get(d) < 0 || spec.shape().get(d) == shape[d];
        }
        if (!fits) {
            throw SluiceException.badArgument(field, "shape " + Arrays.toString(shape), "shape " + spec.shape()
                    + " of the model's signature (" + spec.dtype() + "), -1 meaning any size");
        }
    }

    private static void checkElement(String dtype, JsonNode value, String field) {
        boolean ok = dtype.startsWith("float") ? value.isNumber()
                : dtype.startsWith("int") || dtype.startsWith("uint") ? value.isIntegralNumber()
                : !dtype.equals("bool") || value.isBoolean();
        if (!ok) {
            throw SluiceException.badArgument(field, NestedArray.shorten(value), "elements of dtype " + dtype);
        }
    }

    /** A list of rows for a column signature: positional columns. */
    private static ModelInput.Table asTable(ModelInput input, MlflowSignature signature) {
        ModelInput.Tensors tensors = (ModelInput.Tensors) input;
        NestedArray only = tensors.byName().get("");
        if (only == null || only.shape().length != 2) {
            throw SluiceException.badArgument(FIELD, tensors.byName().keySet().isEmpty() ? "(empty)"
                    : "tensors " + tensors.byName().keySet(), "a table with the columns " + signature.columnNames()
                    + ": {\"columns\": [...], \"data\": [[...]]} or a list of rows");
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        only.value().forEach(row -> {
            List<JsonNode> cells = new ArrayList<>();
            row.forEach(cells::add);
            rows.add(cells);
        });
        int width = (int) only.shape()[1];
        List<String> none = java.util.Collections.nCopies(width, null);
        return new ModelInput.Table(none, none, rows);
    }

    /** A table for a tensor signature: its rows as one two-dimensional tensor, as MLflow does with a frame. */
    private static ModelInput.Tensors asTensor(ModelInput input) {
        ModelInput.Table table = (ModelInput.Table) input;
        com.fasterxml.jackson.databind.node.ArrayNode rows = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.arrayNode();
        for (List<JsonNode> row : table.rows()) {
            rows.addArray().addAll(row.stream().map(v -> v == null ? rows.nullNode() : v).toList());
        }
        return new ModelInput.Tensors(Map.of("", NestedArray.of(rows, FIELD)), Map.of());
    }
}
