package dev.sluice.worker.runner.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.worker.support.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which requests of an unbatched ONNX runner may run on the HTTP event loop: only once the model's recent runs
 * were measured within the budget, and only small bodies. Real ONNX Runtime; the budgets are set so that the
 * outcome never depends on how fast this machine is.
 */
class OnnxEventLoopRunTest {

    private static final Path ADD = TestConfig.testdata().resolve("onnx").resolve("add");
    private static final SessionThreads ONE_THREAD = new SessionThreads(1, false);

    private static ScoringRequest infer(String body) {
        return new ScoringRequest("POST", "/v2/models/add/infer", Map.of(),
                Map.of("content-type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8));
    }

    private static ScoringRequest smallInfer() {
        return infer("{\"inputs\":[{\"name\":\"a\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]},"
                + "{\"name\":\"b\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[4,5,6]}]}");
    }

    private static OnnxRunner runner(Duration budget) throws Exception {
        OnnxRunner runner = OnnxRunner.withEventLoopBudget(ADD, ONE_THREAD, new ObjectMapper(), budget);
        runner.init();
        return runner;
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
}
