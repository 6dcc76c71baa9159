package dev.sluice.worker.runner.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.worker.Worker;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.Http;
import dev.sluice.worker.support.RunningWorkers;
import dev.sluice.worker.support.TestConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real ONNX Runtime behind real HTTP: the committed test models under testdata/onnx. */
class OnnxWorkerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    @RegisterExtension
    final RunningWorkers workers = new RunningWorkers();

    private Http start(Path modelDir) throws Exception {
        return workers.ready(TestConfig.in(work).onnx(modelDir));
    }

    private static Path onnx(String name) {
        return TestConfig.testdata().resolve("onnx").resolve(name);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static String addBody(String a, String b) {
        return "{\"id\":\"r-1\",\"inputs\":[{\"name\":\"a\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":" + a + "},"
                + "{\"name\":\"b\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":" + b + "}]}";
    }

    @Test
    void addGivesExactSums() throws Exception {
        Http http = start(onnx("add"));

        HttpResponse<String> r = http.post("/v2/models/add/infer", addBody("[[1,2,3],[4,5,6]]", "[0.5,0.25,-3,10,20,30]"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        assertThat(r.headers().firstValue("x-sluice-error")).isEmpty();
        assertThat(json(r).toString()).isEqualTo("{\"model_name\":\"add\",\"model_version\":\"1\",\"id\":\"r-1\","
                + "\"outputs\":[{\"name\":\"sum\",\"datatype\":\"FP32\",\"shape\":[2,3],"
                + "\"data\":[1.5,2.25,0.0,14.0,25.0,36.0]}]}");
    }

    @Test
    void binaryTensorDataGoesInAndComesOut() throws Exception {
        Http http = start(onnx("add"));
        byte[] head = ("{\"id\":\"r-b\",\"parameters\":{\"binary_data_output\":true},\"inputs\":["
                + "{\"name\":\"a\",\"shape\":[1,3],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":12}},"
                + "{\"name\":\"b\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[10,20,30]}]}")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(head.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        body.put(head).putFloat(0.5f).putFloat(-1f).putFloat(2.25f);

        HttpResponse<byte[]> r = http.postBytes("/v2/models/add/infer", body.array(),
                "Inference-Header-Content-Length", Integer.toString(head.length));

        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/octet-stream");
        int jsonLength = Integer.parseInt(r.headers().firstValue("inference-header-content-length").orElseThrow());
        assertThat(JSON.readTree(Arrays.copyOf(r.body(), jsonLength)).toString()).isEqualTo("{\"model_name\":\"add\","
                + "\"model_version\":\"1\",\"id\":\"r-b\",\"outputs\":[{\"name\":\"sum\",\"datatype\":\"FP32\","
                + "\"shape\":[1,3],\"parameters\":{\"binary_data_size\":12}}]}");
        ByteBuffer sums = ByteBuffer.wrap(r.body(), jsonLength, 12).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {sums.getFloat(), sums.getFloat(), sums.getFloat()}).containsExactly(10.5f, 19f, 32.25f);
        assertThat(r.body()).hasSize(jsonLength + 12);
        assertThat(json(http.get("/v2")).get("extensions").toString()).isEqualTo("[\"binary_tensor_data\"]");
    }

    @Test
    void aBinaryBodyThatDisagreesWithItsHeaderIsA400NamingTheHeader() throws Exception {
        Http http = start(onnx("add"));

        HttpResponse<byte[]> r = http.postBytes("/v2/models/add/infer", "{\"inputs\":[]}".getBytes(StandardCharsets.UTF_8),
                "Inference-Header-Content-Length", "99");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText()).isEqualTo("Inference-Header-Content-Length:"
                + " 99 (expected: the length in bytes of the JSON at the start of the body, 1..13)");
    }

    @Test
    void scoreGoesToTheOnlyModel() throws Exception {
        Http http = start(onnx("add"));

        HttpResponse<String> r = http.post("/score", addBody("[1,1,1,1,1,1]", "[1,2,3,4,5,6]"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).at("/outputs/0/data").toString()).isEqualTo("[2.0,3.0,4.0,5.0,6.0,7.0]");
        assertThat(r.headers().firstValue("x-ms-run-fn-exec-ms")).isPresent();
    }

    @Test
    void metadataAndReadiness() throws Exception {
        Http http = start(onnx("add"));

        assertThat(json(http.get("/v2/models/add")).toString()).isEqualTo("{\"name\":\"add\",\"versions\":[\"1\"],"
                + "\"platform\":\"onnxruntime_onnx\",\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[-1,3]},"
                + "{\"name\":\"b\",\"datatype\":\"FP32\",\"shape\":[-1,3]}],"
                + "\"outputs\":[{\"name\":\"sum\",\"datatype\":\"FP32\",\"shape\":[-1,3]}]}");
        assertThat(json(http.get("/v2/models/add/ready")).toString()).isEqualTo("{\"name\":\"add\",\"ready\":true}");
        assertThat(http.get("/v2/health/ready").statusCode()).isEqualTo(200);
        assertThat(http.get("/v2/health/live").body()).isEqualTo("{\"live\":true}");
        assertThat(json(http.get("/v2")).get("extensions").isArray()).isTrue();
    }

    @Test
    void badInputIsTheModelsAnswerNamingTheInput() throws Exception {
        Http http = start(onnx("add"));

        HttpResponse<String> unknown = http.post("/v2/models/add/infer",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}");
        HttpResponse<String> count = http.post("/v2/models/add/infer", addBody("[1,2,3,4,5]", "[1,2,3,4,5,6]"));
        HttpResponse<String> type = http.post("/v2/models/add/infer",
                addBody("[1,2,3,4,5,6]", "[1,2,3,4,5,6]").replaceFirst("FP32", "FP64"));
        HttpResponse<String> malformed = http.post("/v2/models/add/infer", "{\"inputs\":");

        assertThat(List.of(unknown, count, type, malformed)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("x-sluice-error")).isEmpty();
            assertThat(json(r).at("/error/code").asText()).isEqualTo("BadArgument");
        });
        assertThat(json(unknown).at("/error/message").asText()).isEqualTo("inputs[0].name: 'x' (expected: one of [a, b])");
        assertThat(json(count).at("/error/message").asText())
                .isEqualTo("inputs[0].data: 5 values (expected: 6 for shape [2, 3] of input 'a')");
        assertThat(json(type).at("/error/message").asText()).isEqualTo("inputs[0].datatype: FP64 (expected: FP32 for input 'a')");
        assertThat(json(malformed).at("/error/message").asText()).startsWith("request body: not valid JSON at line 1");
    }

    @Test
    void unknownModelVersionOrPathIsA404AndWrongMethodA405() throws Exception {
        Http http = start(onnx("add"));

        HttpResponse<String> model = http.post("/v2/models/nope/infer", addBody("[1,2,3,4,5,6]", "[1,2,3,4,5,6]"));
        HttpResponse<String> version = http.get("/v2/models/add/versions/7");
        HttpResponse<String> path = http.get("/swagger.json");

        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(json(model).at("/error/message").asText()).isEqualTo("model 'nope' does not exist (expected: one of [add])");
        assertThat(model.headers().firstValue("x-sluice-error")).isEmpty();
        assertThat(version.statusCode()).isEqualTo(404);
        assertThat(json(version).at("/error/message").asText()).isEqualTo("model 'add' has no version 7 (expected: one of [1])");
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(http.get("/v2/models/add/infer").statusCode()).isEqualTo(405);
    }

    @Test
    void theHighestVersionAnswersUnlessTheRequestNamesOne() throws Exception {
        Http http = start(onnx("scale"));
        String body = "{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[1.5,-2]}]}";

        JsonNode latest = json(http.post("/v2/models/scale/infer", body));
        JsonNode first = json(http.post("/v2/models/scale/versions/1/infer", body));

        assertThat(latest.get("model_version").asText()).isEqualTo("2");
        assertThat(latest.at("/outputs/0/data").toString()).isEqualTo("[3.0,-4.0]");
        assertThat(first.get("model_version").asText()).isEqualTo("1");
        assertThat(first.at("/outputs/0/data").toString()).isEqualTo("[1.5,-2.0]");
        assertThat(json(http.get("/v2/models/scale")).get("versions").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(http.get("/v2/models/scale/versions/3/ready").statusCode()).isEqualTo(404);
    }

    @Test
    void everyDatatypeMakesTheRoundTripThroughOnnxRuntime() throws Exception {
        Http http = start(onnx("types"));
        String body = "{\"inputs\":["
                + "{\"name\":\"x_fp64\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[0.1,-1e300]},"
                + "{\"name\":\"x_int32\",\"shape\":[2],\"datatype\":\"INT32\",\"data\":[-2147483648,7]},"
                + "{\"name\":\"x_int64\",\"shape\":[1],\"datatype\":\"INT64\",\"data\":[9007199254740993]},"
                + "{\"name\":\"x_bool\",\"shape\":[3],\"datatype\":\"BOOL\",\"data\":[true,false,true]},"
                + "{\"name\":\"x_int8\",\"shape\":[1],\"datatype\":\"INT8\",\"data\":[-128]},"
                + "{\"name\":\"x_uint8\",\"shape\":[1],\"datatype\":\"UINT8\",\"data\":[255]},"
                + "{\"name\":\"x_int16\",\"shape\":[1],\"datatype\":\"INT16\",\"data\":[-32768]},"
                + "{\"name\":\"x_fixed\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[[1,2],[3,4]]}],"
                + "\"outputs\":[{\"name\":\"y_fp64\"},{\"name\":\"y_int32\"},{\"name\":\"y_int64\"},{\"name\":\"y_bool\"},"
                + "{\"name\":\"y_int8\"},{\"name\":\"y_uint8\"},{\"name\":\"y_int16\"}]}";

        HttpResponse<String> r = http.post("/v2/models/types/infer", body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode outputs = json(r).get("outputs");
        assertThat(outputs).hasSize(7);
        assertThat(outputs.get(0).toString()).isEqualTo("{\"name\":\"y_fp64\",\"datatype\":\"FP64\",\"shape\":[2],\"data\":[0.1,-1.0E300]}");
        assertThat(outputs.get(1).get("data").toString()).isEqualTo("[-2147483648,7]");
        assertThat(outputs.get(2).get("data").toString()).isEqualTo("[9007199254740993]");
        assertThat(outputs.get(3).toString()).isEqualTo("{\"name\":\"y_bool\",\"datatype\":\"BOOL\",\"shape\":[3],\"data\":[true,false,true]}");
        assertThat(outputs.get(4).get("data").toString()).isEqualTo("[-128]");
        assertThat(outputs.get(5).get("data").toString()).isEqualTo("[255]");
        assertThat(outputs.get(6).get("data").toString()).isEqualTo("[-32768]");
    }

    @Test
    void aFixedDimensionIsChecked() throws Exception {
        Http http = start(onnx("types"));
        String body = "{\"inputs\":[{\"name\":\"x_fixed\",\"shape\":[3,2],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6]}]}";

        HttpResponse<String> r = http.post("/v2/models/types/infer", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/error/message").asText())
                .isEqualTo("inputs[0].shape: [3, 2] (expected: [2, 2] for input 'x_fixed', -1 meaning any size)");
    }

    @Test
    void severalModelsMeanScoreMustBeToldWhich() throws Exception {
        Path repo = work.resolve("upload/models");
        copyTree(onnx("add").resolve("add"), repo.resolve("add"));
        copyTree(onnx("scale").resolve("scale"), repo.resolve("scale"));
        Http http = start(work.resolve("upload"));

        HttpResponse<String> r = http.post("/score", addBody("[1,2,3,4,5,6]", "[1,2,3,4,5,6]"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("/score: this deployment serves 2 models [add, scale]"
                + " (expected: exactly one; use /v2/models/{name}/infer)");
        assertThat(http.post("/v2/models/add/infer", addBody("[1,2,3,4,5,6]", "[1,2,3,4,5,6]")).statusCode()).isEqualTo(200);
    }

    @Test
    void theQuickstartModelsAreProbabilityClassifiersThatDisagree() throws Exception {
        String sample = Files.readString(TestConfig.examples().resolve("quickstart/sample-request.json"));
        JsonNode v1 = json(start(TestConfig.examples().resolve("quickstart/model-v1")).post("/score", sample));
        JsonNode v2 = json(start(TestConfig.examples().resolve("quickstart/model-v2")).post("/score", sample));

        for (JsonNode answer : List.of(v1, v2)) {
            assertThat(answer.at("/outputs/0/name").asText()).isEqualTo("probabilities");
            assertThat(answer.at("/outputs/0/shape").toString()).isEqualTo("[2,3]");
            JsonNode p = answer.at("/outputs/0/data");
            assertThat(p.get(0).asDouble() + p.get(1).asDouble() + p.get(2).asDouble()).isCloseTo(1.0, within());
            assertThat(p.get(3).asDouble() + p.get(4).asDouble() + p.get(5).asDouble()).isCloseTo(1.0, within());
            // Row 0 is a setosa-like flower, row 1 a virginica-like one.
            assertThat(p.get(0).asDouble()).isGreaterThan(p.get(2).asDouble());
            assertThat(p.get(5).asDouble()).isGreaterThan(p.get(3).asDouble());
        }
        assertThat(v1.at("/outputs/0/data")).isNotEqualTo(v2.at("/outputs/0/data"));
    }

    @Test
    void theBenchmarkMlpAnswersTenLogitsPerRow() throws Exception {
        Http http = start(onnx("mlp"));
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < 2 * 256; i++) {
            data.append(i == 0 ? "" : ",").append((i % 17) / 17.0);
        }
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,256],\"datatype\":\"FP32\",\"data\":" + data + "]}]}";

        JsonNode r = json(http.post("/score", body));

        assertThat(r.at("/outputs/0/name").asText()).isEqualTo("logits");
        assertThat(r.at("/outputs/0/shape").toString()).isEqualTo("[2,10]");
        assertThat(r.at("/outputs/0/data")).hasSize(20);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-5);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void aCorruptModelFailsInitWithThePath() throws Exception {
        Path file = work.resolve("upload/broken/1/model.onnx");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not an onnx model");
        Worker worker = workers.start(TestConfig.in(work).onnx(work.resolve("upload")));

        assertThatThrownBy(() -> worker.initialized().get(30, TimeUnit.SECONDS))
                .hasMessageContaining("cannot load ONNX model under " + work.resolve("upload"));
        assertThat(workers.console().err()).contains("init failed: cannot load ONNX model under ");
    }

    @Test
    void accessLinesShowEachRequest() throws Exception {
        Http http = start(onnx("add"));

        http.post("/v2/models/add/infer", addBody("[1,2,3,4,5,6]", "[1,2,3,4,5,6]"), "x-request-id", "abc-123");
        http.get("/v2/models/nope");

        Console console = workers.console();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> console.accessLines().size() == 2);
        assertThat(console.accessLines().get(0)).matches("ACCESS POST /v2/models/add/infer 200 \\d+ms abc-123");
        assertThat(console.accessLines().get(1))
                .matches("ACCESS GET /v2/models/nope 404 \\d+ms [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
