package dev.sluice.worker.runner.v2;

import dev.sluice.core.error.SluiceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Tensor elements in the binary tensor data extension of the Open Inference Protocol (Triton's and KServe's):
 * little-endian, row-major, each element in its datatype's native size, a BOOL one byte of 0 or 1. Copies
 * straight between the bytes and the carrier array of {@link DataType}, with no text in between.
 */
final class BinaryData {

    private BinaryData() {
    }

    /**
     * Reads {@code count} elements of {@code type} from {@code bytes} at {@code offset}; the caller has checked
     * that they are there.
     *
     * @param field such as {@code inputs[0]}, to name a BOOL byte that is neither 0 nor 1
     */
    static Object read(DataType type, byte[] bytes, int offset, int count, String field) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, count * type.elementBytes()).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        Object array = type.newArray(count);
        switch (type) {
            case BOOL -> {
                boolean[] out = (boolean[]) array;
                for (int i = 0; i < count; i++) {
                    byte b = in.get(i);
                    if (b != 0 && b != 1) {
                        throw SluiceException.badArgument(field + " binary data[" + i + "]", "byte " + (b & 0xFF),
                                "0 or 1 for BOOL");
                    }
                    out[i] = b == 1;
                }
            }
            case INT8, UINT8 -> in.get((byte[]) array);
            case INT16 -> in.asShortBuffer().get((short[]) array);
            case INT32 -> in.asIntBuffer().get((int[]) array);
            case INT64 -> in.asLongBuffer().get((long[]) array);
            case FP32 -> in.asFloatBuffer().get((float[]) array);
            case FP64 -> in.asDoubleBuffer().get((double[]) array);
        }
        return array;
    }

    /** The bytes of a carrier array of {@code type}. */
    static byte[] write(DataType type, Object array) {
        int count = type.length(array);
        ByteBuffer out = ByteBuffer.allocate(count * type.elementBytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case BOOL -> {
                for (boolean b : (boolean[]) array) {
                    out.put((byte) (b ? 1 : 0));
                }
            }
            case INT8, UINT8 -> out.put((byte[]) array);
            case INT16 -> out.asShortBuffer().put((short[]) array);
            case INT32 -> out.asIntBuffer().put((int[]) array);
            case INT64 -> out.asLongBuffer().put((long[]) array);
            case FP32 -> out.asFloatBuffer().put((float[]) array);
            case FP64 -> out.asDoubleBuffer().put((double[]) array);
        }
        return out.array();
    }
}
