package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Open Inference Protocol tensor datatypes that this worker reads and writes, with the Java array that
 * carries each: {@code boolean[]}, {@code byte[]} (INT8 and UINT8), {@code short[]}, {@code int[]},
 * {@code long[]}, {@code float[]}, {@code double[]}.
 */
public enum DataType {
    BOOL(1), INT8(1), UINT8(1), INT16(2), INT32(4), INT64(8), FP32(4), FP64(8);

    private final int bytes;

    DataType(int bytes) {
        this.bytes = bytes;
    }

    /** The size of one element in the binary tensor data extension (little-endian, native size). */
    public int elementBytes() {
        return bytes;
    }

    /** The datatype spelled {@code name} (upper case, as the protocol spells it), if this worker knows it. */
    public static Optional<DataType> parse(String name) {
        for (DataType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** {@code BOOL | INT8 | …}, for error messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(" | "));
    }

    /** A fresh carrier array of {@code length} elements. */
    public Object newArray(int length) {
        return switch (this) {
            case BOOL -> new boolean[length];
            case INT8, UINT8 -> new byte[length];
            case INT16 -> new short[length];
            case INT32 -> new int[length];
            case INT64 -> new long[length];
            case FP32 -> new float[length];
            case FP64 -> new double[length];
        };
    }

    /**
     * Converts JSON values, one element each, to a carrier array; {@code field} (such as
     * {@code input_data (column 'x')}) names a bad value by its index. The same rules as a request's data.
     */
    public Object read(List<JsonNode> values, String field) {
        int container = 0;
        while (container < values.size() && !values.get(container).isContainerNode()) {
            container++;
        }
        ArrayNode elements = JsonNodeFactory.instance.arrayNode(container).addAll(values.subList(0, container));
        try (JsonParser p = elements.traverse()) {
            p.nextToken();
            DataReader.Result read = DataReader.read(p, this, container, field);
            if (read.firstBad() != null) {
                throw read.firstBad();
            }
            if (container < values.size()) {
                throw DataReader.badValue(field, container, values.get(container).toString(), this);
            }
            return read.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number of elements in a carrier array of this type. */
    public int length(Object array) {
        return java.lang.reflect.Array.getLength(array);
    }

    /** Writes a carrier array as one flat JSON array. */
    public void write(JsonGenerator g, Object array) throws IOException {
        switch (this) {
            case INT32 -> g.writeArray((int[]) array, 0, ((int[]) array).length);
            case INT64 -> g.writeArray((long[]) array, 0, ((long[]) array).length);
            case FP64 -> g.writeArray((double[]) array, 0, ((double[]) array).length);
            default -> writeOneByOne(g, array);
        }
    }

    private void writeOneByOne(JsonGenerator g, Object array) throws IOException {
        g.writeStartArray();
        switch (this) {
            case BOOL -> {
                for (boolean b : (boolean[]) array) {
                    g.writeBoolean(b);
                }
            }
            case INT8 -> {
                for (byte b : (byte[]) array) {
                    g.writeNumber(b);
                }
            }
            case UINT8 -> {
                for (byte b : (byte[]) array) {
                    g.writeNumber(b & 0xFF);
                }
            }
            case INT16 -> {
                for (short s : (short[]) array) {
                    g.writeNumber(s);
                }
            }
            case FP32 -> {
                for (float f : (float[]) array) {
                    g.writeNumber(f);
                }
            }
            default -> throw new IllegalStateException("written as a whole array: " + this);
        }
        g.writeEndArray();
    }
}
