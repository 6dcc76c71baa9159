package dev.sluice.worker.runner.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.worker.WorkerJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class V2CodecTest {

    private final V2Codec codec = V2Codec.create(WorkerJson.create());
    private final ObjectMapper mapper = new ObjectMapper();

    private InferRequest parse(String json) {
        return codec.parseInfer(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String name, String datatype, String shape, String data) {
        return "{\"inputs\":[{\"name\":\"" + name + "\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape
                + ",\"data\":" + data + "}]}";
    }

    @Test
    void nestedAndFlatDataGiveTheSameRowMajorTensor() {
        InferRequest nested = parse(body("a", "FP32", "[2,3]", "[[1,2,3],[4,5,6.5]]"));
        InferRequest flat = parse(body("a", "FP32", "[2,3]", "[1,2,3,4,5,6.5]"));

        assertThat(nested.inputs()).isEqualTo(flat.inputs());
        Tensor t = nested.inputs().get(0);
        assertThat(t.name()).isEqualTo("a");
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.floats()).containsExactly(1f, 2f, 3f, 4f, 5f, 6.5f);
    }

    @Test
    void idAndRequestedOutputsAreKept() {
        InferRequest r = parse("{\"id\":\"req-7\",\"inputs\":[{\"name\":\"a\",\"datatype\":\"INT64\",\"shape\":[1],"
                + "\"data\":[9007199254740993]}],\"outputs\":[{\"name\":\"sum\"},{\"name\":\"other\"}]}");

        assertThat(r.id()).contains("req-7");
        assertThat(r.outputs()).containsExactly("sum", "other");
        assertThat((long[]) r.inputs().get(0).data()).containsExactly(9007199254740993L);
    }

    @Test
    void everyDatatypeReadsIntoItsCarrier() {
        assertThat((double[]) parse(body("x", "FP64", "[2]", "[0.1,2]")).inputs().get(0).data()).containsExactly(0.1, 2.0);
        assertThat((int[]) parse(body("x", "INT32", "[2]", "[-5,7]")).inputs().get(0).data()).containsExactly(-5, 7);
        assertThat((boolean[]) parse(body("x", "BOOL", "[2]", "[true,false]")).inputs().get(0).data())
                .containsExactly(true, false);
        assertThat((byte[]) parse(body("x", "INT8", "[2]", "[-128,127]")).inputs().get(0).data())
                .containsExactly((byte) -128, (byte) 127);
        assertThat((byte[]) parse(body("x", "UINT8", "[2]", "[0,255]")).inputs().get(0).data())
                .containsExactly((byte) 0, (byte) 255);
        assertThat((short[]) parse(body("x", "INT16", "[1]", "[-300]")).inputs().get(0).data())
                .containsExactly((short) -300);
    }

    @Test
    void aScalarIsATensorOfShapeEmpty() {
        Tensor t = parse(body("x", "FP32", "[]", "3.5")).inputs().get(0);

        assertThat(t.shape()).isEmpty();
        assertThat(t.floats()).containsExactly(3.5f);
    }

    @Test
    void wrongElementCountNamesTheInputAndTheShape() {
        assertBad(body("a", "FP32", "[2,3]", "[[1,2,3],[4,5]]"),
                "inputs[0].data: 5 values (expected: 6 for shape [2, 3] of input 'a')");
    }

    @Test
    void valuesOfTheWrongKindNameTheirPosition() {
        assertBad(body("a", "INT32", "[2]", "[1,1.5]"),
                "inputs[0].data[1]: 1.5 (expected: an integer in -2147483648..2147483647 for INT32)");
        assertBad(body("a", "UINT8", "[1]", "[256]"), "inputs[0].data[0]: 256 (expected: an integer in 0..255 for UINT8)");
        assertBad(body("a", "FP32", "[1]", "[\"x\"]"), "inputs[0].data[0]: \"x\" (expected: a number for FP32)");
        assertBad(body("a", "BOOL", "[1]", "[1]"), "inputs[0].data[0]: 1 (expected: true or false for BOOL)");
    }

    @Test
    void dataBeforeItsDatatypeReadsTheSame() {
        InferRequest late = parse("{\"inputs\":[{\"data\":[[1,2],[3,4.5]],\"shape\":[2,2],\"name\":\"a\","
                + "\"datatype\":\"FP32\",\"parameters\":{\"x\":[1]}}],\"parameters\":{}}");

        assertThat(late.inputs()).isEqualTo(parse(body("a", "FP32", "[2,2]", "[1,2,3,4.5]")).inputs());
        assertBad("{\"inputs\":[{\"name\":\"a\",\"data\":[1,\"x\"],\"shape\":[2],\"datatype\":\"FP32\"}]}",
                "inputs[0].data[1]: \"x\" (expected: a number for FP32)");
    }

    @Test
    void theCountIsCheckedBeforeTheValuesWhateverTheOrder() {
        assertBad(body("a", "FP32", "[3]", "[1,\"x\"]"), "inputs[0].data: 2 values (expected: 3 for shape [3] of input 'a')");
        assertBad(body("a", "FP32", "[2]", "[{\"v\":1},2]"), "inputs[0].data[0]: {\"v\":1} (expected: a number for FP32)");
        assertBad(body("a", "FP32", "[1]", "null"),
                "inputs[0].data: (missing) (expected: the tensor's elements as a JSON array)");
    }

    @Test
    void aShapeThatClaimsMoreThanTheBodyHoldsIsJustACountMismatch() {
        assertBad(body("a", "FP64", "[2000000000]", "[1]"),
                "inputs[0].data: 1 values (expected: 2000000000 for shape [2000000000] of input 'a')");
    }

    @Test
    void aDatatypeGivenTwiceDifferentlyIsRefused() {
        assertBad("{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1],"
                + "\"datatype\":\"INT32\"}]}", "inputs[0].datatype: INT32 (expected: one datatype per input (it is given twice))");
    }

    @Test
    void unknownDatatypeListsTheKnownOnes() {
        assertBad(body("a", "FP16", "[1]", "[1]"),
                "inputs[0].datatype: FP16 (expected: one of BOOL | INT8 | UINT8 | INT16 | INT32 | INT64 | FP32 | FP64)");
    }

    @Test
    void structuralErrorsNameTheField() {
        assertBad("{}", "inputs: (missing) (expected: a non-empty list of tensors {\"name\", \"shape\", \"datatype\", \"data\"})");
        assertBad("{\"inputs\":[]}", "inputs: [] (expected: a non-empty list of tensors {\"name\", \"shape\", \"datatype\", \"data\"})");
        assertBad("{\"inputs\":[{\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
                "inputs[0].name: (missing) (expected: a non-empty string)");
        assertBad("{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[-1],\"data\":[1]}]}",
                "inputs[0].shape: [-1] (expected: a list of non-negative integers)");
        assertBad("{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1]}]}",
                "inputs[0].data: (missing) (expected: the tensor's elements as a JSON array)");
        assertBad("{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],\"outputs\":[{}]}",
                "outputs[0].name: (missing) (expected: a non-empty string)");
        assertBad("[1,2]", "request body: [1,2] (expected: a JSON object with \"inputs\")");
        assertBad("", "request body: (empty) (expected: a JSON object with \"inputs\")");
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> parse("{\"inputs\": [1,}"))
                .isInstanceOf(SluiceException.class)
                .hasMessageStartingWith("request body: not valid JSON at line 1 column ");
    }

    @Test
    void hugeShapesAreRefusedBeforeAllocating() {
        assertBad(body("a", "FP32", "[100000,100000]", "[1]"),
                "inputs[0].shape: [100000,100000] (expected: at most 2147483647 elements)");
    }

    @Test
    void responsesAreFlatRowMajorWithTheirShapes() throws Exception {
        InferResponse response = new InferResponse("add", "1", Optional.of("r1"), List.of(
                Tensor.ofFloats("sum", new long[] {2, 2}, 1f, 2.5f, -3f, 0.1f),
                new Tensor("flags", DataType.BOOL, new long[] {2}, new boolean[] {true, false}),
                new Tensor("ids", DataType.INT64, new long[] {1}, new long[] {1L << 40}),
                new Tensor("bytes", DataType.UINT8, new long[] {1}, new byte[] {(byte) 200})));

        JsonNode json = mapper.readTree(codec.encode(response).bytes());

        assertThat(json.toString()).isEqualTo("{\"model_name\":\"add\",\"model_version\":\"1\",\"id\":\"r1\",\"outputs\":["
                + "{\"name\":\"sum\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[1.0,2.5,-3.0,0.1]},"
                + "{\"name\":\"flags\",\"datatype\":\"BOOL\",\"shape\":[2],\"data\":[true,false]},"
                + "{\"name\":\"ids\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[1099511627776]},"
                + "{\"name\":\"bytes\",\"datatype\":\"UINT8\",\"shape\":[1],\"data\":[200]}]}");
    }

    @Test
    void aResponseWithoutIdLeavesItOut() throws Exception {
        JsonNode json = mapper.readTree(codec.encode(new InferResponse("m", "2", Optional.empty(),
                List.of(Tensor.ofFloats("y", new long[] {1}, 4f)))).bytes());

        assertThat(json.has("id")).isFalse();
        assertThat(json.get("model_version").asText()).isEqualTo("2");
    }

    @Test
    void parsedThenEncodedDataSurvivesUnchanged() throws Exception {
        InferRequest r = parse(body("x", "FP64", "[3]", "[0.30000000000000004,1e-300,-2]"));
        byte[] out = codec.encode(new InferResponse("m", "1", Optional.empty(), r.inputs())).bytes();

        assertThat(mapper.readTree(out).at("/outputs/0/data").toString()).isEqualTo("[0.30000000000000004,1.0E-300,-2.0]");
    }

    @Test
    void metadataUsesProtocolNames() throws Exception {
        ModelMetadata m = new ModelMetadata("add", List.of("1"), "onnxruntime_onnx",
                List.of(new ModelMetadata.TensorMetadata("a", "FP32", List.of(-1L, 3L))), List.of());

        assertThat(mapper.readTree(codec.encode(m)).toString()).isEqualTo("{\"name\":\"add\",\"versions\":[\"1\"],"
                + "\"platform\":\"onnxruntime_onnx\",\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[-1,3]}],"
                + "\"outputs\":[]}");
    }

    private void assertBad(String json, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT))
                .hasMessage(message);
    }

    @Test
    void floatsAreReadToTheNearestValueAndWrittenSoThatTheyReadBackUnchanged() throws Exception {
        float[] awkward = {0.1f, 1f / 3, Float.MIN_VALUE, Float.MAX_VALUE, -2.5e-38f, 16777217f, 0.30000001f};
        StringBuilder data = new StringBuilder("[");
        for (float f : awkward) {
            data.append(data.length() > 1 ? "," : "").append(Float.toString(f));
        }
        Tensor parsed = parse(body("x", "FP32", "[" + awkward.length + "]", data.append("]").toString())).inputs().get(0);
        assertThat(parsed.floats()).containsExactly(awkward);

        JsonNode written = mapper.readTree(codec.encode(new InferResponse("m", "1", Optional.empty(), List.of(parsed))).bytes());
        JsonNode values = written.get("outputs").get(0).get("data");
        for (int i = 0; i < awkward.length; i++) {
            assertThat(Float.parseFloat(values.get(i).asText())).isEqualTo(awkward[i]);
        }
    }
}
