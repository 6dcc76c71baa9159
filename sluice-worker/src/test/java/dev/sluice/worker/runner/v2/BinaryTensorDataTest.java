package dev.sluice.worker.runner.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.SluiceException;
import dev.sluice.worker.WorkerJson;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The binary tensor data extension: a JSON header, then little-endian tensors. */
class BinaryTensorDataTest {

    private final V2Codec codec = V2Codec.create(WorkerJson.create());
    private final ObjectMapper mapper = new ObjectMapper();

    /** The body and the value of its Inference-Header-Content-Length. */
    private record Body(byte[] bytes, String jsonLength) {
    }

    private static Body body(String json, byte[]... tensors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(head);
        for (byte[] t : tensors) {
            out.writeBytes(t);
        }
        return new Body(out.toByteArray(), Integer.toString(head.length));
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static String input(String name, String type, String shape, long size) {
        return "{\"name\":\"" + name + "\",\"datatype\":\"" + type + "\",\"shape\":" + shape
                + ",\"parameters\":{\"binary_data_size\":" + size + "}}";
    }

    private InferRequest parse(Body body) {
        return codec.parseInfer(body.bytes(), Optional.of(body.jsonLength()));
    }

    private String error(Body body) {
        try {
            parse(body);
        } catch (SluiceException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void binaryInputsReadAsTheSameTensorsAsTheirJson() {
        Body binary = body("{\"inputs\":[" + input("a", "FP32", "[2,2]", 16) + ","
                + "{\"name\":\"b\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[7]},"
                + input("c", "FP32", "[1,1]", 4) + "]}", floats(1f, -2.5f, 3e-7f, Float.MAX_VALUE), floats(0.1f));

        InferRequest read = parse(binary);

        InferRequest json = codec.parseInfer(("{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[2,2],"
                + "\"data\":[1,-2.5,3e-7,3.4028235e38]},{\"name\":\"b\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[7]},"
                + "{\"name\":\"c\",\"datatype\":\"FP32\",\"shape\":[1,1],\"data\":[0.1]}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(read.inputs()).isEqualTo(json.inputs());
    }

    @Test
    void everyDatatypeGoesOutAndComesBackBitForBit() {
        List<Tensor> tensors = List.of(
                new Tensor("bool", DataType.BOOL, new long[] {3}, new boolean[] {true, false, true}),
                new Tensor("i8", DataType.INT8, new long[] {2}, new byte[] {-128, 127}),
                new Tensor("u8", DataType.UINT8, new long[] {2}, new byte[] {0, (byte) 255}),
                new Tensor("i16", DataType.INT16, new long[] {2}, new short[] {Short.MIN_VALUE, 3}),
                new Tensor("i32", DataType.INT32, new long[] {2}, new int[] {Integer.MIN_VALUE, 5}),
                new Tensor("i64", DataType.INT64, new long[] {2}, new long[] {Long.MAX_VALUE, -1}),
                new Tensor("f32", DataType.FP32, new long[] {2, 1}, new float[] {Float.MIN_VALUE, -0f}),
                new Tensor("f64", DataType.FP64, new long[] {1}, new double[] {0.1 + 0.2}));

        V2Codec.Encoded out = codec.encode(new InferResponse("m", "1", Optional.empty(), tensors,
                new BinaryOutputs(true, java.util.Map.of())));

        // The answer, sent back as a request: its JSON names each tensor's size, the bytes follow in order.
        String json = new String(out.bytes(), 0, out.jsonLength(), StandardCharsets.UTF_8)
                .replace("\"outputs\"", "\"inputs\"");
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        again.writeBytes(json.getBytes(StandardCharsets.UTF_8));
        again.write(out.bytes(), out.jsonLength(), out.bytes().length - out.jsonLength());
        InferRequest read = parse(new Body(again.toByteArray(), Integer.toString(json.length())));
        assertThat(read.inputs()).isEqualTo(tensors);
        assertThat(out.bytes().length - out.jsonLength()).isEqualTo(3 + 2 + 2 + 4 + 8 + 16 + 8 + 8);
    }

    @Test
    void outputsGoBinaryWhenAskedAndEachOutputMayOverrideTheRequest() throws Exception {
        InferRequest asked = codec.parseInfer(("{\"parameters\":{\"binary_data_output\":true},"
                + "\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"x\"},{\"name\":\"y\",\"parameters\":{\"binary_data\":false}}]}")
                .getBytes(StandardCharsets.UTF_8));
        List<Tensor> outputs = List.of(Tensor.ofFloats("x", new long[] {2}, 1.5f, -1f),
                Tensor.ofFloats("y", new long[] {1}, 2f));

        V2Codec.Encoded out = codec.encode(new InferResponse("m", "1", Optional.empty(), outputs, asked.binaryOutputs()));

        JsonNode head = mapper.readTree(Arrays.copyOf(out.bytes(), out.jsonLength()));
        assertThat(head.at("/outputs/0").toString())
                .isEqualTo("{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"parameters\":{\"binary_data_size\":8}}");
        assertThat(head.at("/outputs/1/data").toString()).isEqualTo("[2.0]");
        assertThat(Arrays.copyOfRange(out.bytes(), out.jsonLength(), out.bytes().length)).isEqualTo(floats(1.5f, -1f));
    }

    @Test
    void jsonOnlyAnswersHaveNoBinaryPart() {
        V2Codec.Encoded out = codec.encode(new InferResponse("m", "1", Optional.empty(),
                List.of(Tensor.ofFloats("x", new long[] {1}, 1f))));

        assertThat(out.hasBinary()).isFalse();
        assertThat(out.jsonLength()).isEqualTo(-1);
    }

    @Test
    void theHeaderMustBeALengthWithinTheBody() {
        byte[] bytes = "{\"inputs\":[]}".getBytes(StandardCharsets.UTF_8);

        assertThat(error(new Body(bytes, "abc"))).isEqualTo("Inference-Header-Content-Length: 'abc' (expected: the"
                + " length in bytes of the JSON at the start of the body, 1..13)");
        assertThat(error(new Body(bytes, "14"))).isEqualTo("Inference-Header-Content-Length: 14 (expected: the"
                + " length in bytes of the JSON at the start of the body, 1..13)");
        assertThat(error(new Body(bytes, "0"))).startsWith("Inference-Header-Content-Length: 0 (expected:");
    }

    @Test
    void aSizeThatDisagreesWithTheShapeIsNamed() {
        assertThat(error(body("{\"inputs\":[" + input("a", "FP32", "[2,2]", 12) + "]}", floats(1, 2, 3))))
                .isEqualTo("inputs[0].parameters.binary_data_size: 12 (expected: 16 (4 FP32 elements of 4 bytes"
                        + " for shape [2, 2]))");
    }

    @Test
    void tooFewOrTooManyBytesAfterTheJsonAreRefused() {
        String twoInputs = "{\"inputs\":[" + input("a", "FP32", "[1]", 4) + "," + input("b", "FP32", "[2]", 8) + "]}";

        assertThat(error(body(twoInputs, floats(1, 2)))).isEqualTo("request body: 8 bytes of binary data after the JSON"
                + " (expected: at least 12 for the inputs' binary_data_size up to inputs[1])");
        assertThat(error(body(twoInputs, floats(1, 2, 3, 4)))).isEqualTo("request body: 16 bytes of binary data after"
                + " the JSON (expected: 12, the sum of the inputs' parameters.binary_data_size)");
    }

    @Test
    void dataAndABinarySizeTogetherAreRefused() {
        String json = "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1],"
                + "\"parameters\":{\"binary_data_size\":4}}]}";

        assertThat(error(body(json, floats(1)))).isEqualTo("inputs[0].data: (given) (expected: no data when"
                + " parameters.binary_data_size is given: the elements follow the JSON as binary data)");
    }

    @Test
    void aBinarySizeWithoutTheHeaderSaysWhatIsMissing() {
        byte[] json = ("{\"inputs\":[" + input("a", "FP32", "[1]", 4) + "]}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.parseInfer(json, Optional.empty())).hasMessage("inputs[0].parameters"
                + ".binary_data_size: 4 (expected: an Inference-Header-Content-Length header with the length of the JSON,"
                + " the binary data following it in the body)");
    }

    @Test
    void aBoolByteOtherThanZeroOrOneIsNamed() {
        assertThat(error(body("{\"inputs\":[" + input("a", "BOOL", "[3]", 3) + "]}", new byte[] {0, 1, 2})))
                .isEqualTo("inputs[0] binary data[2]: byte 2 (expected: 0 or 1 for BOOL)");
    }

    @Test
    void malformedParametersAreNamed() {
        String a = "{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}";

        assertThat(error(body("{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1],\"parameters\":7}]}")))
                .isEqualTo("inputs[0].parameters: 7 (expected: an object)");
        assertThat(error(body("{\"inputs\":[" + input("a", "FP32", "[1]", -4) + "]}")))
                .isEqualTo("inputs[0].parameters.binary_data_size: -4 (expected: a number of bytes, at least 0)");
        assertThat(error(body("{\"parameters\":{\"binary_data_output\":\"yes\"},\"inputs\":[" + a + "]}")))
                .isEqualTo("parameters.binary_data_output: \"yes\" (expected: true or false)");
        assertThat(error(body("{\"inputs\":[" + a + "],\"outputs\":[{\"name\":\"x\",\"parameters\":{\"binary_data\":1}}]}")))
                .isEqualTo("outputs[0].parameters.binary_data: 1 (expected: true or false)");
    }
}
