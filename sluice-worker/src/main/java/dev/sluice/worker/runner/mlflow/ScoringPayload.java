package dev.sluice.worker.runner.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of a request to an MLflow deployment, as Azure's MLflow scoring accepts it:
 * {@code {"input_data": {"columns": [...], "index": [...], "data": [[...]]}}} (split orientation),
 * {@code {"input_data": [{"col": v, ...}]}} (records), {@code {"input_data": [[...]]}} (a tensor) or
 * {@code {"input_data": {"a": [...], "b": [...]}}} (named tensors); and MLflow's own keys for the same
 * ({@code dataframe_split}, {@code dataframe_records}, {@code instances}, {@code inputs}).
 */
final class ScoringPayload {

    static final List<String> KEYS = List.of("input_data", "dataframe_split", "dataframe_records", "instances",
            "inputs");
    private static final String EXPECTED = "{\"input_data\": {\"columns\": [...], \"data\": [[...]]}}, "
            + "{\"input_data\": [{\"column\": value}]} or {\"input_data\": [[...]]}";

    private ScoringPayload() {
    }

    static ModelInput parse(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1 || !KEYS.contains(body.fieldNames().next())) {
            Set<String> given = new LinkedHashSet<>();
            if (body != null && body.isObject()) {
                body.fieldNames().forEachRemaining(given::add);
            }
            String what = body == null || !body.isObject() ? "not a JSON object" : "keys " + given;
            throw SluiceException.badArgument("request body", what, "exactly one of " + String.join(" | ", KEYS)
                    + ", such as " + EXPECTED);
        }
        String key = body.fieldNames().next();
        JsonNode value = body.get(key);
        return switch (key) {
            case "dataframe_split" -> split(value, key);
            case "dataframe_records" -> records(value, key);
            case "instances", "inputs" -> tensors(value, key);
            default -> value.isObject() && value.has("data") ? split(value, key)
                    : value.isArray() && !value.isEmpty() && value.get(0).isObject() ? records(value, key)
                    : tensors(value, key);
        };
    }

    private static ModelInput.Table split(JsonNode value, String field) {
        if (!value.isObject() || !value.path("data").isArray()) {
            throw SluiceException.badArgument(field, NestedArray.shorten(value), "{\"columns\": [...], \"data\": [[...]]}");
        }
        JsonNode data = value.get("data");
        JsonNode columns = value.path("columns");
        List<String> names = new ArrayList<>();
        if (columns.isArray()) {
            columns.forEach(c -> names.add(c.asText()));
        } else if (!columns.isMissingNode() && !columns.isNull()) {
            throw SluiceException.badArgument(field + ".columns", NestedArray.shorten(columns), "a list of names");
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode row = data.get(i);
            List<JsonNode> cells = new ArrayList<>();
            if (row.isArray()) {
                row.forEach(cells::add);
            } else {
                cells.add(row); // a one-column frame may be written as a flat list
            }
            if (!names.isEmpty() && cells.size() != names.size()) {
                throw SluiceException.badArgument(field + ".data[" + i + "]", cells.size() + " values",
                        names.size() + ", one per column " + names);
            }
            rows.add(cells);
        }
        List<String> columnNames = names.isEmpty() ? Collections.nCopies(rows.isEmpty() ? 0 : rows.get(0).size(),
                null) : names;
        return new ModelInput.Table(columnNames, Collections.nCopies(columnNames.size(), null), rows);
    }

    private static ModelInput.Table records(JsonNode value, String field) {
        if (!value.isArray()) {
            throw SluiceException.badArgument(field, NestedArray.shorten(value), "a list of {\"column\": value} records");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw SluiceException.badArgument(field + "[" + i + "]", NestedArray.shorten(value.get(i)),
                        "a {\"column\": value} record, as the first one is");
            }
            value.get(i).fieldNames().forEachRemaining(names::add);
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        for (JsonNode record : value) {
            List<JsonNode> cells = new ArrayList<>();
            names.forEach(name -> cells.add(record.has(name) ? record.get(name) : null));
            rows.add(cells);
        }
        return new ModelInput.Table(List.copyOf(names), Collections.nCopies(names.size(), null), rows);
    }

    private static ModelInput.Tensors tensors(JsonNode value, String field) {
        Map<String, NestedArray> byName = new LinkedHashMap<>();
        if (value.isObject()) {
            value.properties().forEach(e -> byName.put(e.getKey(),
                    NestedArray.of(e.getValue(), field + "." + e.getKey())));
        } else if (value.isArray()) {
            byName.put("", NestedArray.of(value, field));
        } else {
            throw SluiceException.badArgument(field, NestedArray.shorten(value), EXPECTED);
        }
        return new ModelInput.Tensors(byName, Map.of());
    }
}
