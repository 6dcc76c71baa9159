package dev.sluice.core.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.WireValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One JSON object of an autoscale document with its path ({@code profiles[0].rules[1].metricTrigger}), and typed
 * reads that fail with a bad-argument error naming the full path of the field, the value and what was expected.
 */
final class Fields {

    private static final int MAX_VALUE_CHARS = 80;

    private final JsonNode node;
    private final String path;

    private Fields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The document's root, which must be an object. */
    static Fields document(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw SluiceException.badArgument("(document)",
                    node == null ? "(empty)" : node.getNodeType().name().toLowerCase(), "a JSON object");
        }
        return new Fields(node, "");
    }

    String path() {
        return path.isEmpty() ? "(document)" : path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Present and not null. */
    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** Fails on the first key that is not in {@code known}, listing those that are. */
    void allowOnly(Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!known.contains(key)) {
                String field = pathOf(key);
                throw SluiceException.of(ErrorCode.BAD_ARGUMENT, field + ": unknown key (expected: "
                        + new TreeSet<>(known).stream().collect(Collectors.joining(" | ")) + ")", field);
            }
        }
    }

    Fields object(String key) {
        JsonNode value = required(key, "an object");
        if (!value.isObject()) {
            throw wrong(pathOf(key), value, "an object");
        }
        return new Fields(value, pathOf(key));
    }

    Optional<Fields> optionalObject(String key) {
        return has(key) ? Optional.of(object(key)) : Optional.empty();
    }

    /** The elements of an array of objects, each with its path {@code key[i]}. */
    List<Fields> objects(String key) {
        List<Fields> out = new ArrayList<>();
        List<JsonNode> elements = array(key);
        for (int i = 0; i < elements.size(); i++) {
            String field = pathOf(key) + "[" + i + "]";
            if (!elements.get(i).isObject()) {
                throw wrong(field, elements.get(i), "an object");
            }
            out.add(new Fields(elements.get(i), field));
        }
        return out;
    }

    List<JsonNode> array(String key) {
        JsonNode value = required(key, "a list");
        if (!value.isArray()) {
            throw wrong(pathOf(key), value, "a list");
        }
        List<JsonNode> out = new ArrayList<>();
        value.forEach(out::add);
        return out;
    }

    String text(String key) {
        JsonNode value = required(key, "a string");
        if (!value.isTextual() || value.asText().isBlank()) {
            throw wrong(pathOf(key), value, "a non-empty string");
        }
        return value.asText();
    }

    /** The text at {@code key}, which must be {@code only} (any case): Azure allows more, Sluice honours one. */
    String only(String key, String only, String why) {
        String text = text(key);
        if (!text.equalsIgnoreCase(only)) {
            throw SluiceException.badArgument(pathOf(key), text, only + "; " + why);
        }
        return text;
    }

    Optional<String> optionalText(String key) {
        return has(key) ? Optional.of(text(key)) : Optional.empty();
    }

    boolean flag(String key, boolean absent) {
        if (!has(key)) {
            return absent;
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw wrong(pathOf(key), value, "true or false");
        }
        return value.booleanValue();
    }

    double number(String key) {
        JsonNode value = required(key, "a number");
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw wrong(pathOf(key), value, "a number");
        }
        return value.doubleValue();
    }

    /** A whole number written as a number ({@code 2}) or, as Azure writes counts, a string ({@code "2"}). */
    int count(String key, int min, int max) {
        return countAt(pathOf(key), required(key, "an integer"), min, max);
    }

    static int countAt(String field, JsonNode value, int min, int max) {
        String range = min + ".." + max;
        Long parsed = wholeNumber(value);
        if (parsed == null) {
            throw wrong(field, value, "an integer, " + range);
        }
        if (parsed < min || parsed > max) {
            throw SluiceException.badArgument(field, shown(value), range);
        }
        return parsed.intValue();
    }

    private static Long wholeNumber(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? value.longValue() : null;
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    Duration duration(String key) {
        String text = text(key);
        if (!AzureDuration.isValid(text)) {
            throw SluiceException.badArgument(pathOf(key), text, "an ISO-8601 duration such as PT1M, PT5M or P1D");
        }
        return AzureDuration.parse(text);
    }

    /** One of the enum's Azure spellings, compared without case as Azure does; the error lists them all. */
    <E extends Enum<E> & WireValue> E choice(String key, Class<E> type) {
        String text = text(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw SluiceException.badArgument(pathOf(key), text, spellings(type));
    }

    static <E extends Enum<E> & WireValue> String spellings(Class<E> type) {
        StringBuilder out = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            out.append(out.length() == 0 ? "" : "|").append(constant.wire());
        }
        return out.toString();
    }

    private JsonNode required(String key, String expected) {
        if (!has(key)) {
            throw SluiceException.badArgument(pathOf(key), "(missing)", expected);
        }
        return node.get(key);
    }

    static SluiceException wrong(String field, JsonNode value, String expected) {
        return SluiceException.badArgument(field, shown(value), expected);
    }

    /** The value as the user wrote it, shortened. */
    static String shown(JsonNode value) {
        if (value.isTextual() && value.asText().isBlank()) {
            return "\"" + value.asText() + "\"";
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "…" : text;
    }
}
