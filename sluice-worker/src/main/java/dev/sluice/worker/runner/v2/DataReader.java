package dev.sluice.worker.runner.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;

/**
 * Reads a tensor's {@code data} (one value, or arrays nested to any depth, flattened row-major) from a parser
 * straight into the carrier array of its {@link DataType}: no tree of nodes for thousands of numbers, which
 * took longer than running the MLP of bench/ on them. A value of the wrong kind does not stop the reading:
 * the first is kept, so that the element count, which is checked before the values, can still be told.
 */
final class DataReader {

    /** What was read: the values, how many there were, and the first that did not fit the datatype (or null). */
    record Result(Object array, int count, SluiceException firstBad) {
    }

    private static final int MAX_SHOWN_CHARS = 40;
    private static final int FIRST_CAPACITY = 16;

    private final DataType type;
    private final String field;
    private Object array;
    private int count;
    private SluiceException firstBad;

    private DataReader(DataType type, String field, int expected) {
        this.type = type;
        this.field = field;
        this.array = type.newArray(expected > 0 ? expected : FIRST_CAPACITY);
    }

    /**
     * @param p        positioned on the first token of the value
     * @param expected the element count the shape declares when known (the array is sized for it), else -1
     * @param field    such as {@code inputs[0].data}, to name a bad value
     */
    static Result read(JsonParser p, DataType type, int expected, String field) throws IOException {
        DataReader reader = new DataReader(type, field, expected);
        reader.value(p);
        Object exact = reader.array;
        if (type.length(exact) != reader.count) {
            exact = type.newArray(reader.count);
            System.arraycopy(reader.array, 0, exact, 0, reader.count);
        }
        return new Result(exact, reader.count, reader.firstBad);
    }

    private void value(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            element(p);
            return;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_ARRAY) {
                depth--;
            } else {
                element(p);
            }
        }
    }

    private void element(JsonParser p) throws IOException {
        if (count == type.length(array)) {
            Object bigger = type.newArray(Math.max(FIRST_CAPACITY, count * 2));
            System.arraycopy(array, 0, bigger, 0, count);
            array = bigger;
        }
        int i = count++;
        JsonToken t = p.currentToken();
        switch (type) {
            case BOOL -> {
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    ((boolean[]) array)[i] = t == JsonToken.VALUE_TRUE;
                } else {
                    bad(p, i);
                }
            }
            case INT8 -> ((byte[]) array)[i] = (byte) integer(p, i);
            case UINT8 -> ((byte[]) array)[i] = (byte) integer(p, i);
            case INT16 -> ((short[]) array)[i] = (short) integer(p, i);
            case INT32 -> ((int[]) array)[i] = (int) integer(p, i);
            case INT64 -> ((long[]) array)[i] = integer(p, i);
            case FP32 -> ((float[]) array)[i] = (float) number(p, i);
            case FP64 -> ((double[]) array)[i] = number(p, i);
        }
    }

    private long integer(JsonParser p, int i) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long v = p.getLongValue();
            if (v >= min(type) && v <= max(type)) {
                return v;
            }
        }
        bad(p, i);
        return 0;
    }

    private double number(JsonParser p, int i) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        bad(p, i);
        return 0;
    }

    private void bad(JsonParser p, int i) throws IOException {
        String shown = switch (p.currentToken()) {
            case VALUE_STRING -> new TextNode(p.getText()).toString();
            case START_OBJECT -> p.readValueAsTree().toString();
            default -> p.getText();
        };
        if (firstBad == null) {
            firstBad = badValue(field, i, shown, type);
        }
    }

    /** {@code field[i]: value (expected: what the datatype takes)}, the value shortened. */
    static SluiceException badValue(String field, int i, String shown, DataType type) {
        return SluiceException.badArgument(field + "[" + i + "]",
                shown.length() > MAX_SHOWN_CHARS ? shown.substring(0, MAX_SHOWN_CHARS) + "…" : shown, expected(type));
    }

    private static String expected(DataType type) {
        return switch (type) {
            case BOOL -> "true or false for BOOL";
            case FP32, FP64 -> "a number for " + type.name();
            default -> "an integer in " + min(type) + ".." + max(type) + " for " + type.name();
        };
    }

    private static long min(DataType type) {
        return switch (type) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }

    private static long max(DataType type) {
        return switch (type) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }
}
