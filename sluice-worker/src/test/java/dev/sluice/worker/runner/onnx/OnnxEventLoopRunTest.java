package dev.sluice.worker.runner.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.worker.support.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which requests of an unbatched ONNX runner may run on the HTTP event loop: only once the recent runs of the
 * model version it asks for were measured within the budget, and only small bodies. Real ONNX Runtime; the
 * budgets are set so that the outcome never depends on how fast this machine is.
 */
class OnnxEventLoopRunTest {

    private static final Path ADD = TestConfig.testdata().resolve("onnx").resolve("add");
    private static final SessionThreads ONE_THREAD = new SessionThreads(1, false);

    private static final String SMALL_BODY = "{\"inputs\":[{\"name\":\"a\",\"shape\":[1,3],\"datatype\":\"FP32\","
            + "\"data\":[1,2,3]},{\"name\":\"b\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[4,5,6]}]}";

    @TempDir
    Path dir;

    private static ScoringRequest infer(String body) {
        return inferTo("add", body);
    }

    private static ScoringRequest inferTo(String model, String body) {
        return new ScoringRequest("POST", "/v2/models/" + model + "/infer", Map.of(),
                Map.of("content-type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8));
    }

    private static ScoringRequest smallInfer() {
        return infer(SMALL_BODY);
    }

    private static OnnxRunner runner(Path repository, Duration budget) throws Exception {
        OnnxRunner runner = OnnxRunner.withEventLoopBudget(repository, ONE_THREAD, new ObjectMapper(), budget);
        runner.init();
        return runner;
    }

    private static OnnxRunner runner(Duration budget) throws Exception {
        return runner(ADD, budget);
    }

    @Test
    void aFastModelRunsOnTheLoopOnceItsRunsWereMeasured() throws Exception {
        try (OnnxRunner runner = runner(Duration.ofHours(1))) {
            assertThat(runner.handlesOnEventLoop(smallInfer())).as("no run measured yet").isFalse();
            for (int i = 0; i < RecentRunTime.WARM_UP_RUNS; i++) {
                assertThat(runner.handle(smallInfer()).status()).isEqualTo(200);
            }
            assertThat(runner.handlesOnEventLoop(smallInfer())).isTrue();
            String large = " ".repeat(OnnxRunner.EVENT_LOOP_RUN_BODY_BYTES) + "{}";
            assertThat(runner.handlesOnEventLoop(infer(large))).as("a large body goes to a scoring thread").isFalse();
        }
    }

    @Test
    void aModelSlowerThanTheBudgetNeverRunsOnTheLoop() throws Exception {
        try (OnnxRunner runner = runner(Duration.ofNanos(1))) {
            for (int i = 0; i < 2 * RecentRunTime.WARM_UP_RUNS; i++) {
                assertThat(runner.handle(smallInfer()).status()).isEqualTo(200);
            }
            assertThat(runner.handlesOnEventLoop(smallInfer())).isFalse();
        }
    }

    @Test
    void eachModelEarnsTheLoopWithItsOwnRuns() throws Exception {
        Path model = ADD.resolve("add").resolve("1").resolve("model.onnx");
        for (String name : List.of("fast", "other")) {
            Files.copy(model, Files.createDirectories(dir.resolve(name).resolve("1")).resolve("model.onnx"));
        }
        try (OnnxRunner runner = runner(dir, Duration.ofHours(1))) {
            for (int i = 0; i < RecentRunTime.WARM_UP_RUNS; i++) {
                assertThat(runner.handle(inferTo("fast", SMALL_BODY)).status()).isEqualTo(200);
            }

            assertThat(runner.handlesOnEventLoop(inferTo("fast", SMALL_BODY))).isTrue();
            assertThat(runner.handlesOnEventLoop(inferTo("other", SMALL_BODY)))
                    .as("runs of another model say nothing about this one").isFalse();
            assertThat(runner.handlesOnEventLoop(new ScoringRequest("GET", "/v2/health/ready", Map.of(), Map.of(),
                    new byte[0]))).as("no model runs for it").isTrue();
        }
    }
}
