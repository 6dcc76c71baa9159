package dev.sluice.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code -o table}: one row per resource in fixed-width columns, two spaces apart. Endpoints show their
 * state and traffic, deployments their state and ready instances; anything else shows KEY and VALUE rows.
 */
final class TableFormat {

    private static final int MAX_REASON = 60;

    private record Column(String header, Function<JsonNode, String> cell) {
    }

    private static final List<Column> ENDPOINT = List.of(
            new Column("NAME", n -> text(n, "name")),
            new Column("AUTH MODE", n -> text(n, "auth_mode")),
            new Column("STATE", n -> text(n, "provisioning_state")),
            new Column("TRAFFIC", n -> percentages(n.path("traffic"))),
            new Column("MIRROR", n -> percentages(n.path("mirror_traffic"))));

    private static final List<Column> DEPLOYMENT = List.of(
            new Column("NAME", n -> text(n, "name")),
            new Column("ENDPOINT", n -> text(n, "endpoint_name")),
            new Column("STATE", n -> text(n, "provisioning_state")),
            new Column("READY", DeploymentView::readyInstances),
            new Column("REASON", TableFormat::reason));

    private static final List<Column> ASSET = List.of(
            new Column("NAME", n -> text(n, "name")),
            new Column("VERSION", n -> text(n, "version")),
            new Column("TYPE", n -> n.has("type") ? text(n, "type") : n.has("conda_file") ? "conda_file"
                    : text(n, "image")),
            new Column("ARCHIVED", n -> text(n, "archived")),
            new Column("CREATED", n -> text(n, "created_at")));

    private static final List<Column> KEY_VALUE = List.of(
            new Column("KEY", n -> n.path("key").asText()),
            new Column("VALUE", n -> n.path("value").asText()));

    private TableFormat() {
    }

    static String render(JsonNode document, ResourceKind kind) {
        List<JsonNode> rows = new ArrayList<>();
        if (document.isArray()) {
            document.forEach(rows::add);
        } else {
            rows.add(document);
        }
        return switch (kind) {
            case ENDPOINT -> table(ENDPOINT, rows);
            case DEPLOYMENT -> table(DEPLOYMENT, rows);
            case ASSET -> table(ASSET, rows);
            case OTHER -> table(KEY_VALUE, keyValues(rows));
        };
    }

    private static String table(List<Column> columns, List<JsonNode> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : rows) {
            cells.add(columns.stream().map(c -> oneLine(c.cell().apply(row))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                row.append(i == 0 ? "" : "  ").append(i == line.length - 1 ? line[i] : pad(line[i], widths[i]));
            }
            out.append(row.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static List<JsonNode> keyValues(List<JsonNode> rows) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> out = new ArrayList<>();
        for (int index = 0; index < rows.size(); index++) {
            JsonNode row = rows.get(index);
            String prefix = rows.size() > 1 ? "[" + index + "]." : "";
            if (!row.isObject()) {
                out.add(f.objectNode().put("key", rows.size() > 1 ? "[" + index + "]" : "value").put("value", cell(row)));
                continue;
            }
            for (Map.Entry<String, JsonNode> field : row.properties()) {
                out.add(f.objectNode().put("key", prefix + field.getKey()).put("value", cell(field.getValue())));
            }
        }
        return out;
    }

    private static String percentages(JsonNode map) {
        if (!map.isObject() || map.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            out.append(out.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asText());
        }
        return out.toString();
    }

    private static String reason(JsonNode deployment) {
        String reason = deployment.path("reason").asText("");
        String first = reason.lines().findFirst().orElse("");
        return first.length() > MAX_REASON ? first.substring(0, MAX_REASON - 1) + "…" : first;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    private static String cell(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
