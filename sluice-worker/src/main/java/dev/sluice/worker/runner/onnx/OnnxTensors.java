package dev.sluice.worker.runner.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.worker.runner.v2.DataType;
import dev.sluice.worker.runner.v2.Tensor;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/** Moves tensors between the v2 codec's carrier arrays and ONNX Runtime. */
final class OnnxTensors {

    private final OrtEnvironment env;

    OnnxTensors(OrtEnvironment env) {
        this.env = env;
    }

    /** The Open Inference Protocol spelling of an ONNX element type. */
    static String v2Name(OnnxTensorType type) {
        return switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> "FP32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> "FP64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> "FP16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> "BF16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> "INT8";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> "UINT8";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> "INT16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> "UINT16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> "INT32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> "UINT32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> "INT64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> "UINT64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> "BOOL";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> "BYTES";
            default -> type.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
        };
    }

    OnnxTensor toOnnx(Tensor t) throws OrtException {
        long[] shape = t.shape();
        Object data = t.data();
        return switch (t.type()) {
            case FP32 -> OnnxTensor.createTensor(env, FloatBuffer.wrap((float[]) data), shape);
            case FP64 -> OnnxTensor.createTensor(env, DoubleBuffer.wrap((double[]) data), shape);
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap((int[]) data), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) data), shape);
            case INT16 -> OnnxTensor.createTensor(env, ShortBuffer.wrap((short[]) data), shape, OnnxJavaType.INT16);
            case INT8 -> OnnxTensor.createTensor(env, ByteBuffer.wrap((byte[]) data), shape, OnnxJavaType.INT8);
            case UINT8 -> OnnxTensor.createTensor(env, ByteBuffer.wrap((byte[]) data), shape, OnnxJavaType.UINT8);
            case BOOL -> OnnxTensor.createTensor(env, booleans((boolean[]) data), shape, OnnxJavaType.BOOL);
        };
    }

    private static ByteBuffer booleans(boolean[] values) {
        ByteBuffer out = ByteBuffer.allocate(values.length);
        for (boolean b : values) {
            out.put((byte) (b ? 1 : 0));
        }
        return out.flip();
    }

    /** Copies an output tensor into a carrier array; fails for element types that the codec cannot write. */
    static Tensor fromOnnx(String name, OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        String v2 = v2Name(info.onnxType);
        DataType type = DataType.parse(v2).orElseThrow(() -> SluiceException.of(ErrorCode.NOT_SUPPORTED,
                "output '" + name + "': datatype " + v2 + " is not supported by this worker (expected: one of "
                        + DataType.allowed() + ")"));
        return new Tensor(name, type, info.getShape(), copy(type, tensor));
    }

    private static Object copy(DataType type, OnnxTensor tensor) {
        return switch (type) {
            case FP32 -> drain(tensor.getFloatBuffer());
            case FP64 -> drain(tensor.getDoubleBuffer());
            case INT32 -> drain(tensor.getIntBuffer());
            case INT64 -> drain(tensor.getLongBuffer());
            case INT16 -> drain(tensor.getShortBuffer());
            case INT8, UINT8 -> drain(tensor.getByteBuffer());
            case BOOL -> {
                byte[] bytes = drain(tensor.getByteBuffer());
                boolean[] out = new boolean[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    out[i] = bytes[i] != 0;
                }
                yield out;
            }
        };
    }

    private static float[] drain(FloatBuffer b) {
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    private static double[] drain(DoubleBuffer b) {
        double[] out = new double[b.remaining()];
        b.get(out);
        return out;
    }

    private static int[] drain(IntBuffer b) {
        int[] out = new int[b.remaining()];
        b.get(out);
        return out;
    }

    private static long[] drain(LongBuffer b) {
        long[] out = new long[b.remaining()];
        b.get(out);
        return out;
    }

    private static short[] drain(ShortBuffer b) {
        short[] out = new short[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] drain(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
