package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import java.util.Arrays;

/**
 * The binary tensor data after a request's JSON (binary tensor data extension): the inputs that give
 * {@code parameters.binary_data_size} take their elements from it in the order they are listed, and together
 * they must take all of it. Without an {@code Inference-Header-Content-Length} header there is none.
 */
final class BinaryPart {

    static final String HEADER = "Inference-Header-Content-Length";

    private final byte[] body;
    private final int start;
    private final boolean present;
    private int offset;

    private BinaryPart(byte[] body, int start, boolean present) {
        this.body = body;
        this.start = start;
        this.present = present;
        this.offset = start;
    }

    /** The bytes of {@code body} after its first {@code jsonLength}. */
    static BinaryPart after(byte[] body, int jsonLength) {
        return new BinaryPart(body, jsonLength, true);
    }

    /** A body that is all JSON. */
    static BinaryPart none(byte[] body) {
        return new BinaryPart(body, body.length, false);
    }

    /** {@code parameters.binary_data_size} of a tensor, or -1 when it has none. */
    static long declaredSize(JsonNode parameters, String field) {
        if (parameters == null || parameters.isNull()) {
            return -1;
        }
        if (!parameters.isObject()) {
            throw SluiceException.badArgument(field + ".parameters", InferRequestReader.shorten(parameters),
                    "an object");
        }
        JsonNode size = parameters.get("binary_data_size");
        if (size == null || size.isNull()) {
            return -1;
        }
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw SluiceException.badArgument(field + ".parameters.binary_data_size", InferRequestReader.shorten(size),
                    "a number of bytes, at least 0");
        }
        return size.longValue();
    }

    /** Takes the next input's elements, {@code declared} bytes of them, checked against its shape. */
    Object take(DataType type, long[] shape, long declared, String field) {
        long count = Tensor.elementCount(shape);
        long expected = count * type.elementBytes();
        if (declared != expected) {
            throw SluiceException.badArgument(field + ".parameters.binary_data_size", Long.toString(declared),
                    expected + " (" + count + " " + type + " elements of " + type.elementBytes() + " bytes for shape "
                            + Arrays.toString(shape) + ")");
        }
        if (!present) {
            throw SluiceException.badArgument(field + ".parameters.binary_data_size", Long.toString(declared),
                    "an " + HEADER + " header with the length of the JSON, the binary data following it in the body");
        }
        if (declared > body.length - offset) {
            throw SluiceException.badArgument("request body", (body.length - start) + " bytes of binary data after the"
                    + " JSON", "at least " + (offset - start + declared) + " for the inputs' binary_data_size up to "
                    + field);
        }
        Object data = BinaryData.read(type, body, offset, (int) count, field);
        offset += (int) declared;
        return data;
    }

    /** Once every input has taken its part: nothing may be left over. */
    void requireAllTaken() {
        if (offset != body.length) {
            throw SluiceException.badArgument("request body", (body.length - start) + " bytes of binary data after the"
                    + " JSON", (offset - start) + ", the sum of the inputs' parameters.binary_data_size");
        }
    }
}
