package dev.sluice.cli.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The top-level YAML fields of a spec record. The server's resources carry its own fields as well
 * ({@code provisioning_state}, {@code instances}, …); keeping only the spec's fields turns a resource back
 * into a spec that can be changed and PUT, whatever the server adds later.
 */
public final class SpecFields {

    private SpecFields() {
    }

    /** The JSON names of {@code specType}'s components ({@code name}, {@code auth_mode}, …). */
    public static Set<String> of(Class<? extends Record> specType) {
        Set<String> names = new LinkedHashSet<>();
        for (RecordComponent component : specType.getRecordComponents()) {
            // @JsonProperty does not target record components; javac copies it to the accessor.
            JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
            names.add(property == null ? component.getName() : property.value());
        }
        return names;
    }

    /** A copy of the resource with only the spec's fields. */
    public static ObjectNode specOf(JsonNode resource, Class<? extends Record> specType) {
        if (resource == null || !resource.isObject()) {
            throw SluiceException.of(ErrorCode.INTERNAL, "the server's answer is not a JSON object");
        }
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        for (String field : of(specType)) {
            JsonNode value = resource.get(field);
            if (value != null && !value.isNull()) {
                spec.set(field, value.deepCopy());
            }
        }
        return spec;
    }
}
