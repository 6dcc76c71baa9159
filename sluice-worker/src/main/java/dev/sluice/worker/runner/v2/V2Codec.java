package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.SluiceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the JSON of the Open Inference Protocol (KServe v2) REST API, and its binary tensor data
 * extension (a JSON header, then raw tensors; {@value #HEADER_LENGTH} gives the JSON's length). Pure: no model
 * involved, so it checks only what the body says about itself (structure, datatypes, element count against
 * shape); whether the tensors fit a model is the model's check. Every error names the field and what was expected.
 */
public final class V2Codec {

    /** The header that tells how many bytes of a body with binary tensor data are its JSON. */
    public static final String HEADER_LENGTH = BinaryPart.HEADER;

    /**
     * An encoded body.
     *
     * @param bytes      the body
     * @param jsonLength how many of its first bytes are JSON when binary tensor data follows, or -1 when it is all
     *                   JSON (and goes without {@value #HEADER_LENGTH})
     */
    public record Encoded(byte[] bytes, int jsonLength) {

        public boolean hasBinary() {
            return jsonLength >= 0;
        }
    }

    private final ObjectMapper mapper;
    private final InferRequestReader requests;

    private V2Codec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.requests = new InferRequestReader(mapper);
    }

    /** @param mapper the worker's ({@link dev.sluice.worker.WorkerJson}: fast and exact with floating point) */
    public static V2Codec create(ObjectMapper mapper) {
        return new V2Codec(mapper);
    }

    /** Parses an infer request body of JSON only; data may be flat or nested to any depth. */
    public InferRequest parseInfer(byte[] body) {
        return requests.read(body);
    }

    /**
     * Parses an infer request body, whose first {@code headerLength} bytes are its JSON when the request has an
     * {@value #HEADER_LENGTH} header (binary tensor data follows them).
     */
    public InferRequest parseInfer(byte[] body, Optional<String> headerLength) {
        if (headerLength.isEmpty()) {
            return requests.read(body);
        }
        return requests.read(body, jsonLength(headerLength.get(), body.length));
    }

    private static int jsonLength(String header, int bodyLength) {
        String expected = "the length in bytes of the JSON at the start of the body, 1.." + bodyLength;
        int length;
        try {
            length = Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            throw SluiceException.badArgument(HEADER_LENGTH, "'" + shorten(header) + "'", expected);
        }
        if (length < 1 || length > bodyLength) {
            throw SluiceException.badArgument(HEADER_LENGTH, Integer.toString(length), expected);
        }
        return length;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /**
     * {@code {"model_name","model_version","id"?,"outputs":[{"name","datatype","shape","data"}]}}, data flat;
     * an output the request wanted as binary has {@code "parameters":{"binary_data_size":n}} instead of data, and
     * its bytes follow the JSON in the order of the outputs.
     */
    public Encoded encode(InferResponse response) {
        List<byte[]> binary = new ArrayList<>();
        byte[] json = write(g -> {
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
                if (response.binaryOutputs().binary(t.name())) {
                    byte[] bytes = BinaryData.write(t.type(), t.data());
                    binary.add(bytes);
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", bytes.length);
                    g.writeEndObject();
                } else {
                    g.writeFieldName("data");
                    t.type().write(g, t.data());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        if (binary.isEmpty()) {
            return new Encoded(json, -1);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(json.length + binary.stream().mapToInt(b -> b.length).sum());
        body.writeBytes(json);
        binary.forEach(body::writeBytes);
        return new Encoded(body.toByteArray(), json.length);
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
