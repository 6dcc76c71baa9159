package dev.sluice.worker.runner.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a scoring request gives the model: a table of columns, or tensors. */
sealed interface ModelInput permits ModelInput.Table, ModelInput.Tensors {

    /**
     * Rows of values under columns.
     *
     * @param columns the column names, or null entries where the request gave none (positional)
     * @param types   the signature's type of each column, or null entries where there is none
     */
    record Table(List<String> columns, List<String> types, List<List<JsonNode>> rows) implements ModelInput {
        public Table {
            columns = Collections.unmodifiableList(new ArrayList<>(columns));
            types = Collections.unmodifiableList(new ArrayList<>(types));
            rows = List.copyOf(rows);
        }
    }

    /**
     * Tensors by name, in the request's order; the name {@code ""} is the one unnamed tensor.
     *
     * @param dtypes the signature's dtype of each tensor ({@code float32}), where it has one
     */
    record Tensors(Map<String, NestedArray> byName, Map<String, String> dtypes) implements ModelInput {
        public Tensors {
            byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
            dtypes = Map.copyOf(dtypes);
        }
    }
}
