package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
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
    BOOL, INT8, UINT8, INT16, INT32, INT64, FP32, FP64;

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

    /** Converts JSON values to a carrier array; {@code field} (such as {@code inputs[0].data}) names a bad value. */
    public Object read(List<JsonNode> values, String field) {
        Object array = newArray(values.size());
        for (int i = 0; i < values.size(); i++) {
            set(array, i, values.get(i), field);
        }
        return array;
    }

    private void set(Object array, int i, JsonNode v, String field) {
        switch (this) {
            case BOOL -> ((boolean[]) array)[i] = bool(v, i, field);
            case INT8 -> ((byte[]) array)[i] = (byte) integer(v, i, field, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT8 -> ((byte[]) array)[i] = (byte) integer(v, i, field, 0, 255);
            case INT16 -> ((short[]) array)[i] = (short) integer(v, i, field, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32 -> ((int[]) array)[i] = (int) integer(v, i, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> ((long[]) array)[i] = integer(v, i, field, Long.MIN_VALUE, Long.MAX_VALUE);
            case FP32 -> ((float[]) array)[i] = (float) number(v, i, field);
            case FP64 -> ((double[]) array)[i] = number(v, i, field);
        }
    }

    private boolean bool(JsonNode v, int i, String field) {
        if (!v.isBoolean()) {
            throw bad(v, i, field, "true or false for BOOL");
        }
        return v.booleanValue();
    }

    private long integer(JsonNode v, int i, String field, long min, long max) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw bad(v, i, field, "an integer in " + min + ".." + max + " for " + name());
        }
        return v.longValue();
    }

    private double number(JsonNode v, int i, String field) {
        if (!v.isNumber()) {
            throw bad(v, i, field, "a number for " + name());
        }
        return v.doubleValue();
    }

    private static SluiceException bad(JsonNode v, int i, String field, String expected) {
        String shown = v.toString();
        return SluiceException.badArgument(field + "[" + i + "]",
                shown.length() > 40 ? shown.substring(0, 40) + "…" : shown, expected);
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
