package dev.sluice.worker.runner.v2;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor of an inference request or response: a datatype, a shape and the elements, flat and
 * row-major, in the carrier array of {@link DataType} ({@code float[]} for FP32, …).
 */
public record Tensor(String name, DataType type, long[] shape, Object data) {

    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = shape.clone();
        if (type.length(data) != elementCount(shape)) {
            throw new IllegalArgumentException(name + ": " + type.length(data) + " elements for shape "
                    + Arrays.toString(shape));
        }
    }

    public static Tensor ofFloats(String name, long[] shape, float... data) {
        return new Tensor(name, DataType.FP32, shape, data);
    }

    /** The product of the dimensions; -1 when it does not fit in an int (no Java array can hold it). */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            count = Math.multiplyExact(count, d);
            if (count > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return count;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The elements as floats, for tests and callers that know the type is FP32. */
    public float[] floats() {
        return (float[]) data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && type == t.type && Arrays.equals(shape, t.shape)
                && Objects.deepEquals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(shape);
    }
}
