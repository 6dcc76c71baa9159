package dev.sluice.worker.runner.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor as JSON writes it, nested lists ({@code [[1, 2], [3, 4]]}): its shape and its elements in row-major
 * order. Ragged lists are refused, naming where the first one differs.
 *
 * @param value the JSON as given
 */
record NestedArray(JsonNode value, long[] shape, List<JsonNode> flat) {

    NestedArray {
        shape = shape.clone();
        flat = List.copyOf(flat);
    }

    static NestedArray of(JsonNode value, String field) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode node = value; node.isArray(); node = node.isEmpty() ? null : node.get(0)) {
            shape.add((long) node.size());
            if (node.isEmpty()) {
                break;
            }
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        List<JsonNode> flat = new ArrayList<>();
        collect(value, dims, 0, field, flat);
        return new NestedArray(value, dims, flat);
    }

    private static void collect(JsonNode node, long[] dims, int depth, String field, List<JsonNode> flat) {
        if (depth == dims.length) {
            if (node.isArray() || node.isObject()) {
                throw SluiceException.badArgument(field, shorten(node), "a value at depth " + depth
                        + ", as the first element's shape " + Arrays.toString(dims) + " says");
            }
            flat.add(node);
            return;
        }
        if (!node.isArray() || node.size() != dims[depth]) {
            throw SluiceException.badArgument(field, shorten(node), dims[depth] + " elements at depth " + depth
                    + " (nested lists of one shape, " + Arrays.toString(dims) + ")");
        }
        for (int i = 0; i < node.size(); i++) {
            collect(node.get(i), dims, depth + 1, field + "[" + i + "]", flat);
        }
    }

    static String shorten(JsonNode node) {
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
