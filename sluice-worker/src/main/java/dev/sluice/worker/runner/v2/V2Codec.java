package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the JSON of the Open Inference Protocol (KServe v2) REST API. Pure: no model involved, so
 * it checks only what the body says about itself (structure, datatypes, element count against shape);
 * whether the tensors fit a model is the model's check. Every error names the field and what was expected.
 */
public final class V2Codec {

    private final ObjectMapper mapper;

    private V2Codec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param mapper the worker's ({@link dev.sluice.worker.WorkerJson}: fast and exact with floating point) */
    public static V2Codec create(ObjectMapper mapper) {
        return new V2Codec(mapper);
    }

    /** Parses an infer request body; data may be flat or nested to any depth. */
    public InferRequest parseInfer(byte[] body) {
        JsonNode root = readTree(body);
        JsonNode id = root.get("id");
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw SluiceException.badArgument("inputs", inputs == null ? "(missing)" : shorten(inputs),
                    "a non-empty list of tensors {\"name\", \"shape\", \"datatype\", \"data\"}");
        }
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            tensors.add(parseTensor(inputs.get(i), "inputs[" + i + "]"));
        }
        return new InferRequest(id == null || id.isNull() ? Optional.empty() : Optional.of(id.asText()),
                tensors, outputNames(root.get("outputs")));
    }

    private JsonNode readTree(byte[] body) {
        if (body.length == 0) {
            throw SluiceException.badArgument("request body", "(empty)", "a JSON object with \"inputs\"");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT,
                    "request body: not valid JSON" + where + ": " + e.getOriginalMessage(), "request body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw SluiceException.badArgument("request body", root == null ? "(empty)" : shorten(root),
                    "a JSON object with \"inputs\"");
        }
        return root;
    }

    private static Tensor parseTensor(JsonNode node, String field) {
        if (!node.isObject()) {
            throw SluiceException.badArgument(field, shorten(node), "an object {\"name\", \"shape\", \"datatype\", \"data\"}");
        }
        String name = text(node, field + ".name");
        String typeName = text(node, field + ".datatype");
        DataType type = DataType.parse(typeName).orElseThrow(() ->
                SluiceException.badArgument(field + ".datatype", typeName, "one of " + DataType.allowed()));
        long[] shape = shape(node.get("shape"), field + ".shape");
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) {
            throw SluiceException.badArgument(field + ".data", "(missing)", "the tensor's elements as a JSON array");
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(data, flat);
        long expected = Tensor.elementCount(shape);
        if (flat.size() != expected) {
            throw SluiceException.badArgument(field + ".data", flat.size() + " values",
                    expected + " for shape " + Arrays.toString(shape) + " of input '" + name + "'");
        }
        return new Tensor(name, type, shape, type.read(flat, field + ".data"));
    }

    private static long[] shape(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw SluiceException.badArgument(field, node == null ? "(missing)" : shorten(node),
                    "a list of non-negative integers");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw SluiceException.badArgument(field, shorten(node), "a list of non-negative integers");
            }
            shape[i] = d.longValue();
        }
        if (Tensor.elementCount(shape) < 0) {
            throw SluiceException.badArgument(field, shorten(node), "at most " + Integer.MAX_VALUE + " elements");
        }
        return shape;
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                flatten(child, out);
            }
        } else {
            out.add(node);
        }
    }

    private static List<String> outputNames(JsonNode outputs) {
        if (outputs == null || outputs.isNull()) {
            return List.of();
        }
        if (!outputs.isArray()) {
            throw SluiceException.badArgument("outputs", shorten(outputs), "a list of {\"name\": …}");
        }
        List<String> names = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            names.add(text(outputs.get(i), "outputs[" + i + "].name"));
        }
        return names;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode v = parent.get(field.substring(field.lastIndexOf('.') + 1));
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw SluiceException.badArgument(field, v == null ? "(missing)" : shorten(v), "a non-empty string");
        }
        return v.asText();
    }

    private static String shorten(JsonNode node) {
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /** {@code {"model_name","model_version","id"?,"outputs":[{"name","datatype","shape","data"}]}}, data flat. */
    public byte[] encode(InferResponse response) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("model_name", response.modelName());
            g.writeStringField("model_version", response.modelVersion());
            if (response.id().isPresent()) {
                g.writeStringField("id", response.id().get());
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor t : response.outputs()) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("datatype", t.type().name());
                long[] shape = t.shape();
                g.writeFieldName("shape");
                g.writeArray(shape, 0, shape.length);
                g.writeFieldName("data");
                t.type().write(g, t.data());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code {"name","versions","platform","inputs":[{"name","datatype","shape"}],"outputs":[…]}}. */
    public byte[] encode(ModelMetadata metadata) {
        return write(g -> g.writeObject(metadata));
    }

    /** Any small value as JSON (readiness answers, server metadata). */
    public byte[] encodeValue(Object value) {
        return write(g -> g.writeObject(value));
    }

    private interface Body {
        void writeTo(JsonGenerator g) throws IOException;
    }

    private byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            body.writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
