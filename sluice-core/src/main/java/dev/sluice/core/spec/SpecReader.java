package dev.sluice.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetSpec;
import dev.sluice.core.registry.EnvironmentAssetSpec;
import dev.sluice.core.registry.ModelAssetSpec;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds a YAML or JSON tree to {@link EndpointSpec} / {@link DeploymentSpec} and turns every binding
 * failure into one readable {@link SluiceException}: {@code model.typ: unknown key (expected: path | name | …)},
 * {@code instance_count: "two" (expected: an integer)}.
 * Ranges and cross-field rules are checked afterwards by {@link EndpointValidator} and {@link DeploymentValidator}.
 */
public final class SpecReader {

    private static final int MAX_VALUE_CHARS = 80;

    private final ObjectMapper mapper;

    private SpecReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static SpecReader create() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        return new SpecReader(mapper);
    }

    public EndpointSpec endpoint(JsonNode tree) {
        return bind(tree, EndpointSpec.class);
    }

    public DeploymentSpec deployment(JsonNode tree) {
        return bind(tree, DeploymentSpec.class);
    }

    /** A model or environment version ({@code model.yml}, {@code environment.yml}). */
    public AssetSpec asset(AssetKind kind, JsonNode tree) {
        return switch (kind) {
            case MODEL -> bind(tree, ModelAssetSpec.class);
            case ENVIRONMENT -> bind(tree, EnvironmentAssetSpec.class);
        };
    }

    /** The spec as a JSON tree with the YAML's field names. */
    public JsonNode toTree(Object spec) {
        return mapper.valueToTree(spec);
    }

    private <T> T bind(JsonNode tree, Class<T> type) {
        if (tree == null || !tree.isObject()) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT,
                    "the document is " + (tree == null ? "empty" : "a " + tree.getNodeType().name().toLowerCase())
                            + " (expected: a mapping of keys to values)");
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw translate(e, tree);
        } catch (IllegalArgumentException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, e.getMessage());
        }
    }

    private static SluiceException translate(JsonProcessingException e, JsonNode tree) {
        if (!(e instanceof JsonMappingException mapping)) {
            return SluiceException.of(ErrorCode.BAD_ARGUMENT, e.getOriginalMessage());
        }
        String path = path(mapping);
        if (e instanceof UnrecognizedPropertyException unknown) {
            return SluiceException.of(ErrorCode.BAD_ARGUMENT,
                    path + ": unknown key (expected: " + known(unknown.getKnownPropertyIds()) + ")", path);
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof UnexpectedValueException bad) {
            return SluiceException.badArgument(path, bad.value(), bad.expected());
        }
        if (e instanceof InvalidFormatException format) {
            return SluiceException.badArgument(path, format.getValue(), describe(format.getTargetType()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            return SluiceException.badArgument(path, valueAt(tree, mapping), describe(mismatch.getTargetType()));
        }
        if (e.getCause() instanceof InputCoercionException coercion) {
            // A number too large for its field; Jackson's own message would add parser locations.
            return SluiceException.badArgument(path, valueAt(tree, mapping), describe(coercion.getTargetType()));
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String detail = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : cause.getMessage();
        return SluiceException.of(ErrorCode.BAD_ARGUMENT, path + ": " + detail, path);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "(document)" : out.toString();
    }

    /** The offending value as the user wrote it (shortened), found by following the error's path in the tree. */
    private static String valueAt(JsonNode tree, JsonMappingException e) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (node == null) {
                break;
            }
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        if (node == null || node.isMissingNode()) {
            return "(a value of the wrong kind)";
        }
        String text = node.isValueNode() ? node.asText() : node.toString();
        return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "…" : text;
    }

    private static String known(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new))
                .stream().collect(Collectors.joining(" | "));
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return type.getSimpleName();
    }
}
