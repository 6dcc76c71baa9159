package dev.sluice.cli.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.util.List;

/**
 * One {@code --set PATH=VALUE}: a dotted path into the spec's tree ({@code description},
 * {@code tags.team}, {@code request_settings.request_timeout_ms}) and a value read as a YAML scalar
 * ({@code 3} is a number, {@code true} a boolean, {@code ml} a string, {@code '3'} the string 3). A value
 * that starts with {@code {} or {@code [} is YAML flow ({@code traffic={blue: 100}}); an empty value removes
 * the field. The result is bound again by the spec reader, so a wrong field or type is named there.
 *
 * @param value the new value, or null to remove the field
 */
public record SetAssignment(String raw, List<String> path, JsonNode value) {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String EXPECTED = "PATH=VALUE, such as instance_count=3 or tags.team=ml";

    public SetAssignment {
        path = List.copyOf(path);
    }

    public static SetAssignment parse(String raw) {
        int equals = raw == null ? -1 : raw.indexOf('=');
        if (equals <= 0) {
            throw SluiceException.badArgument("--set", raw, EXPECTED);
        }
        List<String> path = List.of(raw.substring(0, equals).trim().split("\\.", -1));
        if (path.stream().anyMatch(String::isBlank)) {
            throw SluiceException.badArgument("--set", raw, EXPECTED + " (a path of names joined by '.')");
        }
        return new SetAssignment(raw, path, parseValue(raw, raw.substring(equals + 1)));
    }

    /** Applies every assignment in order, so that a later one wins. */
    public static void applyAll(List<String> raws, ObjectNode tree) {
        for (String raw : raws) {
            parse(raw).applyTo(tree);
        }
    }

    public void applyTo(ObjectNode tree) {
        ObjectNode parent = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i);
            JsonNode child = parent.get(segment);
            if (child == null || child.isNull()) {
                child = parent.putObject(segment);
            } else if (!child.isObject()) {
                throw SluiceException.badArgument("--set", raw, String.join(".", path.subList(0, i + 1))
                        + " to be a mapping, but it is " + child);
            }
            parent = (ObjectNode) child;
        }
        String last = path.get(path.size() - 1);
        if (value == null) {
            parent.remove(last);
        } else {
            parent.set(last, value);
        }
    }

    private static JsonNode parseValue(String raw, String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        boolean flow = trimmed.startsWith("{") || trimmed.startsWith("[");
        try {
            JsonNode parsed = YAML.readTree(trimmed);
            if (parsed != null && !parsed.isMissingNode() && (flow || parsed.isValueNode())) {
                return parsed;
            }
        } catch (IOException e) {
            if (flow) {
                throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "--set: " + raw
                        + " (expected: a YAML flow value such as {a: 1} or [1, 2])", "--set");
            }
        }
        // Not a scalar as YAML reads it ("a: b", "- x", "#1"): the user meant the text as written.
        return TextNode.valueOf(trimmed);
    }
}
