package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code POST /v2/models/{m}/infer} body in one pass over its bytes. Each tensor's {@code data} goes
 * straight into its carrier array when its {@code datatype} came first, as clients write it; otherwise it is
 * kept as a tree and read once the datatype is known. Everything is checked once the whole body has been read,
 * in the order the fields are documented (name, datatype, shape, data), so the first error named is the same
 * whatever order the fields came in, and a body that is not JSON says so before anything else. With the binary
 * tensor data extension, the JSON is the body's first bytes and inputs that give
 * {@code parameters.binary_data_size} take their elements from the bytes after it ({@link BinaryPart}).
 */
final class InferRequestReader {

    private static final String TENSOR = "{\"name\", \"shape\", \"datatype\", \"data\"}";

    /** One element of {@code inputs} as found; checked in {@link #tensor}. */
    private static final class Fields {
        /** The element itself when it is not an object, for the error. */
        JsonNode notAnObject;
        JsonNode name;
        JsonNode datatype;
        JsonNode shape;
        JsonNode parameters;
        /** {@code data} as a tree, when it came before a usable datatype (or was null). */
        JsonNode data;
        /** {@code data} read straight into a carrier array of {@link #streamedAs}. */
        DataReader.Result streamed;
        DataType streamedAs;
    }

    private final ObjectMapper mapper;

    InferRequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A body that is all JSON. */
    InferRequest read(byte[] body) {
        return read(body, body.length, BinaryPart.none(body));
    }

    /** The first {@code jsonLength} bytes are the JSON, the rest binary tensor data. */
    InferRequest read(byte[] body, int jsonLength) {
        return read(body, jsonLength, BinaryPart.after(body, jsonLength));
    }

    private InferRequest read(byte[] body, int jsonLength, BinaryPart binary) {
        if (jsonLength == 0) {
            throw SluiceException.badArgument("request body", "(empty)", "a JSON object with \"inputs\"");
        }
        try (JsonParser p = mapper.createParser(body, 0, jsonLength)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                JsonNode root = first == null ? null : p.readValueAsTree();
                throw SluiceException.badArgument("request body", root == null ? "(empty)" : shorten(root),
                        "a JSON object with \"inputs\"");
            }
            JsonNode id = null;
            JsonNode outputs = null;
            JsonNode parameters = null;
            JsonNode inputsNode = null;
            List<Fields> inputs = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> id = p.readValueAsTree();
                    case "outputs" -> outputs = p.readValueAsTree();
                    case "parameters" -> parameters = p.readValueAsTree();
                    case "inputs" -> {
                        inputs = value == JsonToken.START_ARRAY ? elements(p, jsonLength) : null;
                        inputsNode = inputs == null ? p.readValueAsTree() : null;
                    }
                    default -> p.skipChildren();
                }
            }
            return request(id, inputs, inputsNode, outputs, parameters, binary);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT,
                    "request body: not valid JSON" + where + ": " + e.getOriginalMessage(), "request body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Fields> elements(JsonParser p, int bodyBytes) throws IOException {
        List<Fields> out = new ArrayList<>(2);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            Fields f = new Fields();
            if (p.currentToken() != JsonToken.START_OBJECT) {
                f.notAnObject = p.readValueAsTree();
            } else {
                fields(p, f, out.size(), bodyBytes);
            }
            out.add(f);
        }
        return out;
    }

    private void fields(JsonParser p, Fields f, int index, int bodyBytes) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "name" -> f.name = p.readValueAsTree();
                case "datatype" -> f.datatype = p.readValueAsTree();
                case "shape" -> f.shape = p.readValueAsTree();
                case "parameters" -> f.parameters = p.readValueAsTree();
                case "data" -> {
                    DataType type = f.datatype != null && f.datatype.isTextual()
                            ? DataType.parse(f.datatype.asText()).orElse(null) : null;
                    if (type == null || value == JsonToken.VALUE_NULL) {
                        f.data = p.readValueAsTree();
                        f.streamed = null;
                    } else {
                        f.streamed = DataReader.read(p, type, presize(f.shape, bodyBytes), "inputs[" + index + "].data");
                        f.streamedAs = type;
                        f.data = null;
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /** The element count a shape declares, to size the array up front; bounded by what the body could hold. */
    private static int presize(JsonNode shape, int bodyBytes) {
        if (shape == null || !shape.isArray()) {
            return -1;
        }
        long count = 1;
        for (JsonNode d : shape) {
            if (!d.canConvertToLong() || d.longValue() < 0) {
                return -1;
            }
            count *= Math.min(d.longValue(), bodyBytes);
            if (count > bodyBytes) {
                return -1;
            }
        }
        return (int) count;
    }

    private InferRequest request(JsonNode id, List<Fields> inputs, JsonNode inputsNode, JsonNode outputs,
                                 JsonNode parameters, BinaryPart binary) throws IOException {
        if (inputs == null || inputs.isEmpty()) {
            throw SluiceException.badArgument("inputs", inputs != null ? "[]" : inputsNode == null ? "(missing)"
                    : shorten(inputsNode), "a non-empty list of tensors " + TENSOR);
        }
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            tensors.add(tensor(inputs.get(i), "inputs[" + i + "]", binary));
        }
        binary.requireAllTaken();
        return new InferRequest(id == null || id.isNull() ? Optional.empty() : Optional.of(id.asText()),
                tensors, outputNames(outputs), OutputParameters.binaryOutputs(parameters, outputs));
    }

    private Tensor tensor(Fields f, String field, BinaryPart binary) throws IOException {
        if (f.notAnObject != null) {
            throw SluiceException.badArgument(field, shorten(f.notAnObject), "an object " + TENSOR);
        }
        String name = text(f.name, field + ".name");
        String typeName = text(f.datatype, field + ".datatype");
        DataType type = DataType.parse(typeName).orElseThrow(() ->
                SluiceException.badArgument(field + ".datatype", typeName, "one of " + DataType.allowed()));
        long[] shape = shape(f.shape, field + ".shape");
        long binarySize = BinaryPart.declaredSize(f.parameters, field);
        if (binarySize >= 0) {
            if (f.streamed != null || (f.data != null && !f.data.isNull())) {
                throw SluiceException.badArgument(field + ".data", "(given)", "no data when "
                        + "parameters.binary_data_size is given: the elements follow the JSON as binary data");
            }
            return new Tensor(name, type, shape, binary.take(type, shape, binarySize, field));
        }
        DataReader.Result data = f.streamed;
        if (data == null) {
            if (f.data == null || f.data.isNull()) {
                throw SluiceException.badArgument(field + ".data", "(missing)", "the tensor's elements as a JSON array");
            }
            try (JsonParser tree = f.data.traverse(mapper)) {
                tree.nextToken();
                data = DataReader.read(tree, type, -1, field + ".data");
            }
        } else if (f.streamedAs != type) {
            throw SluiceException.badArgument(field + ".datatype", typeName, "one datatype per input (it is given twice)");
        }
        long expected = Tensor.elementCount(shape);
        if (data.count() != expected) {
            throw SluiceException.badArgument(field + ".data", data.count() + " values",
                    expected + " for shape " + Arrays.toString(shape) + " of input '" + name + "'");
        }
        if (data.firstBad() != null) {
            throw data.firstBad();
        }
        return new Tensor(name, type, shape, data.array());
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

    private static List<String> outputNames(JsonNode outputs) {
        if (outputs == null || outputs.isNull()) {
            return List.of();
        }
        if (!outputs.isArray()) {
            throw SluiceException.badArgument("outputs", shorten(outputs), "a list of {\"name\": …}");
        }
        List<String> names = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode output = outputs.get(i);
            names.add(text(output.isObject() ? output.get("name") : null, "outputs[" + i + "].name"));
        }
        return names;
    }

    private static String text(JsonNode v, String field) {
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw SluiceException.badArgument(field, v == null ? "(missing)" : shorten(v), "a non-empty string");
        }
        return v.asText();
    }

    /** A value as an error message shows it: its JSON, cut at 60 characters. */
    static String shorten(JsonNode node) {
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
