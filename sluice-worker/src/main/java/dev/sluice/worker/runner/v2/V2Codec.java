package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes the JSON of the Open Inference Protocol (KServe v2) REST API. Pure: no model involved, so
 * it checks only what the body says about itself (structure, datatypes, element count against shape);
 * whether the tensors fit a model is the model's check. Every error names the field and what was expected.
 */
public final class V2Codec {

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

    /** Parses an infer request body; data may be flat or nested to any depth. */
    public InferRequest parseInfer(byte[] body) {
        return requests.read(body);
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
