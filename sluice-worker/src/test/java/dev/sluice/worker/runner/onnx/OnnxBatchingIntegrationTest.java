package dev.sluice.worker.runner.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.worker.Worker;
import dev.sluice.worker.support.Http;
import dev.sluice.worker.support.RunningWorkers;
import dev.sluice.worker.support.TestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** sluice.batching with real ONNX Runtime behind real HTTP: concurrent requests share batches, answers stay apart. */
class OnnxBatchingIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLERS = 12;

    @TempDir
    Path work;
    @RegisterExtension
    final RunningWorkers workers = new RunningWorkers();

    private Http unbatched(String model) throws Exception {
        return workers.ready(TestConfig.in(work.resolve("plain")).onnx(onnx(model)));
    }

    /** Batches of up to {@value #CALLERS} requests, each waiting up to a second for the batch to fill. */
    private Http batched(String model) throws Exception {
        return workers.ready(TestConfig.in(work.resolve("batched")).onnx(onnx(model))
                .limits(CALLERS, 5_000, 20_000).batching(CALLERS, 1_000));
    }

    /** The MLP requests of {@value #CALLERS} callers, request i made by {@code request}. */
    private static List<String> bodies(java.util.function.IntFunction<String> request) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            bodies.add(request.apply(i));
        }
        return bodies;
    }

    private static Path onnx(String name) {
        return TestConfig.testdata().resolve("onnx").resolve(name);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** One row of 256 floats (two for every third request), distinct per request, with the request's id. */
    private static String mlpRequest(int i) {
        return mlpRequest(i, 256);
    }

    private static String mlpRequest(int i, int width) {
        int rows = i % 3 == 0 ? 2 : 1;
        Random random = new Random(i);
        StringBuilder data = new StringBuilder("[");
        for (int k = 0; k < rows * width; k++) {
            data.append(k == 0 ? "" : ",").append(random.nextInt(2001) / 1000.0 - 1);
        }
        return "{\"id\":\"r-" + i + "\",\"inputs\":[{\"name\":\"input\",\"shape\":[" + rows + "," + width + "],"
                + "\"datatype\":\"FP32\",\"data\":" + data + "]}]}";
    }

    private static List<HttpResponse<String>> concurrently(Http http, List<String> bodies) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (String body : bodies) {
            sent.add(http.postAsync("/v2/models/" + (body.contains("\"a\"") ? "add" : "mlp") + "/infer", body));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static int batchSize(HttpResponse<String> r) {
        return Integer.parseInt(r.headers().firstValue(WorkerProtocol.BATCH_SIZE_HEADER).orElse("0"));
    }

    private static void sameLogits(JsonNode batched, JsonNode alone) {
        assertThat(batched.get("id")).isEqualTo(alone.get("id"));
        assertThat(batched.at("/outputs/0/shape")).isEqualTo(alone.at("/outputs/0/shape"));
        JsonNode got = batched.at("/outputs/0/data");
        JsonNode want = alone.at("/outputs/0/data");
        assertThat(got).hasSameSizeAs(want);
        for (int k = 0; k < want.size(); k++) {
            // A batch may take another kernel than one row does: equal up to float rounding.
            assertThat(got.get(k).asDouble()).isCloseTo(want.get(k).asDouble(),
                    org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(want.get(k).asDouble()))));
        }
    }

    @Test
    void concurrentRequestsRunInBatchesAndEachGetsItsOwnAnswer() throws Exception {
        Http plain = unbatched("mlp");
        List<String> bodies = bodies(OnnxBatchingIntegrationTest::mlpRequest);

        List<HttpResponse<String>> answers = concurrently(batched("mlp"), bodies);

        int largest = 0;
        for (int i = 0; i < CALLERS; i++) {
            HttpResponse<String> r = answers.get(i);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            sameLogits(json(r), json(plain.post("/v2/models/mlp/infer", bodies.get(i))));
            largest = Math.max(largest, batchSize(r));
        }
        assertThat(largest).as("requests that ran in one batch").isGreaterThan(1);
        assertThat(plain.post("/v2/models/mlp/infer", bodies.get(0)).headers()
                .firstValue(WorkerProtocol.BATCH_SIZE_HEADER)).as("only a batching deployment says").isEmpty();
    }

    @Test
    void binaryAndJsonRequestsShareBatchesAndEachGetsItsOwnFormat() throws Exception {
        Http plain = unbatched("mlp");
        Http batched = batched("mlp");
        List<String> bodies = bodies(OnnxBatchingIntegrationTest::mlpRequest);
        List<CompletableFuture<HttpResponse<byte[]>>> sent = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            String body = bodies.get(i);
            CompletableFuture<HttpResponse<byte[]>> answer = i % 2 == 0
                    ? CompletableFuture.supplyAsync(() -> batched.postBytes("/v2/models/mlp/infer",
                            body.getBytes(StandardCharsets.UTF_8)))
                    : binary(batched, body);
            sent.add(answer);
        }
        for (int i = 0; i < CALLERS; i++) {
            HttpResponse<byte[]> r = sent.get(i).get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            JsonNode alone = json(plain.post("/v2/models/mlp/infer", bodies.get(i)));
            if (i % 2 == 0) {
                sameLogits(JSON.readTree(r.body()), alone);
            } else {
                sameLogits(fromBinary(r), alone);
            }
        }
    }

    /** The JSON request as binary tensor data, asking for binary outputs too. */
    private static CompletableFuture<HttpResponse<byte[]>> binary(Http http, String jsonBody) {
        try {
            JsonNode request = JSON.readTree(jsonBody);
            ObjectNode input = (ObjectNode)
                    request.at("/inputs/0");
            JsonNode data = input.remove("data");
            ByteBuffer raw = ByteBuffer.allocate(data.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
            data.forEach(v -> raw.putFloat(v.floatValue()));
            input.putObject("parameters").put("binary_data_size", raw.capacity());
            ((ObjectNode) request).putObject("parameters")
                    .put("binary_data_output", true);
            byte[] head = JSON.writeValueAsBytes(request);
            byte[] body = Arrays.copyOf(head, head.length + raw.capacity());
            System.arraycopy(raw.array(), 0, body, head.length, raw.capacity());
            return CompletableFuture.supplyAsync(() -> http.postBytes("/v2/models/mlp/infer", body,
                    "Inference-Header-Content-Length", Integer.toString(head.length)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A binary answer read back into the JSON form, so it compares with a JSON answer. */
    private static JsonNode fromBinary(HttpResponse<byte[]> r) throws IOException {
        int jsonLength = Integer.parseInt(r.headers().firstValue("inference-header-content-length").orElseThrow());
        ObjectNode head = (ObjectNode)
                JSON.readTree(Arrays.copyOf(r.body(), jsonLength));
        ObjectNode output = (ObjectNode)
                head.at("/outputs/0");
        int size = output.at("/parameters/binary_data_size").asInt();
        assertThat(r.body()).hasSize(jsonLength + size);
        ByteBuffer raw = ByteBuffer.wrap(r.body(), jsonLength, size).order(ByteOrder.LITTLE_ENDIAN);
        ArrayNode data = output.putArray("data");
        for (int k = 0; k < size / 4; k++) {
            data.add(raw.getFloat());
        }
        return head;
    }

    @Test
    void badRequestsAmongThemGetTheirOwn400AndTheOthersTheirAnswers() throws Exception {
        Http plain = unbatched("mlp");
        List<String> bodies = bodies(i -> switch (i % 4) {
            case 1 -> mlpRequest(i, 255);
            case 2 -> mlpRequest(i).replace("FP32", "FP64");
            default -> mlpRequest(i);
        });

        List<HttpResponse<String>> answers = concurrently(batched("mlp"), bodies);

        for (int i = 0; i < CALLERS; i++) {
            HttpResponse<String> r = answers.get(i);
            switch (i % 4) {
                case 1 -> {
                    assertThat(r.statusCode()).isEqualTo(400);
                    assertThat(json(r).at("/error/message").asText()).startsWith("inputs[0].shape: [")
                            .endsWith(", 255] (expected: [-1, 256] for input 'input', -1 meaning any size)");
                }
                case 2 -> {
                    assertThat(r.statusCode()).isEqualTo(400);
                    assertThat(json(r).at("/error/message").asText())
                            .isEqualTo("inputs[0].datatype: FP64 (expected: FP32 for input 'input')");
                }
                default -> {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    sameLogits(json(r), json(plain.post("/v2/models/mlp/infer", bodies.get(i))));
                }
            }
        }
    }

    @Test
    void inputsThatDisagreeOnTheirRowsRunAloneAndGetTheirOwn400() throws Exception {
        Http http = batched("add");
        String good = "{\"inputs\":[{\"name\":\"a\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]},"
                + "{\"name\":\"b\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[10,20,30]}]}";
        String uneven = "{\"inputs\":[{\"name\":\"a\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6]},"
                + "{\"name\":\"b\",\"shape\":[3,3],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7,8,9]}]}";

        List<HttpResponse<String>> answers = concurrently(http, List.of(good, uneven, good, good));

        assertThat(answers.get(1).statusCode()).as(answers.get(1).body()).isEqualTo(400);
        assertThat(json(answers.get(1)).at("/error/code").asText()).isEqualTo("BadArgument");
        assertThat(json(answers.get(1)).at("/error/message").asText())
                .startsWith("inputs: the model cannot run on them: ").contains("2 by 3");
        assertThat(batchSize(answers.get(1))).isZero();
        for (int i : new int[] {0, 2, 3}) {
            assertThat(answers.get(i).statusCode()).isEqualTo(200);
            assertThat(json(answers.get(i)).at("/outputs/0/data").toString()).isEqualTo("[11.0,22.0,33.0]");
        }
    }

    @Test
    void aModelWithoutADynamicFirstDimensionIsRefusedWhenTheWorkerStarts() throws Exception {
        Worker worker = workers.start(TestConfig.in(work).onnx(onnx("types")).limits(4, 500, 5_000).batching(4, 0));

        assertThatThrownBy(() -> worker.initialized().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("sluice.batching: model 'types' version 1 has input 'x_fixed' of shape "
                        + "[2, 2] (expected: a dynamic first dimension (-1) on every input and output of the models,"
                        + " along which requests are stacked; or no batching for this deployment)");
    }
}
