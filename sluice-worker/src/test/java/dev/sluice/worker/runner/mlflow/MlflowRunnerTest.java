package dev.sluice.worker.runner.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.onnx.SessionThreads;
import dev.sluice.worker.support.TestConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The onnx flavour end to end inside the worker's runner: MLmodel, signature, Azure's input_data, ONNX Runtime. */
class MlflowRunnerTest {

    private static final SessionThreads ONE_THREAD = new SessionThreads(1, false);

    @TempDir
    Path dir;

    private MlflowRunner runner(String onnxModel, String mlmodel) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("model-dir/model"));
        Files.copy(TestConfig.testdata().resolve(onnxModel), folder.resolve("model.onnx"));
        Files.writeString(folder.resolve("MLmodel"), mlmodel);
        MlflowRunner runner = MlflowRunner.create(TestConfig.in(dir).mlflow(dir.resolve("model-dir")).build(),
                new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new com.fasterxml.jackson.databind.ObjectMapper(), ONE_THREAD);
        runner.init();
        return runner;
    }

    private static ScoringResult score(MlflowRunner runner, String body) throws Exception {
        return runner.handle(new ScoringRequest("POST", "/score", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(ScoringResult result) {
        return new String(result.body(), StandardCharsets.UTF_8);
    }

    @Test
    void theOnnxFlavourAnswersTheListOfPredictionsAndEnforcesItsSignature() throws Exception {
        try (MlflowRunner runner = runner("onnx/scale/scale/2/model.onnx", """
                flavors:
                  onnx: {data: model.onnx, onnx_version: 1.14.0, providers: [CPUExecutionProvider]}
                  python_function: {loader_module: mlflow.onnx, data: model.onnx, env: conda.yaml}
                signature:
                  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1]}}]'
                """)) {
            ScoringResult ok = score(runner, "{\"input_data\": [1, 2.5, 3]}");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(text(ok)).isEqualTo("[2.0,5.0,6.0]");

            ScoringResult shape = score(runner, "{\"input_data\": [[1, 2]]}");
            assertThat(shape.status()).isEqualTo(400);
            assertThat(shape.headers()).containsEntry("x-sluice-error", "BadArgument");
            assertThat(text(shape)).contains("input_data: shape [1, 2] (expected: shape [-1] of the model's signature");
            assertThat(score(runner, "{\"input_data\": [1, \"two\"]}").status()).isEqualTo(400);
            assertThat(runner.handle(new ScoringRequest("GET", "/", Map.of(), Map.of(), new byte[0])).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void namedTensorsGoToTheInputsOfTheSameNames() throws Exception {
        try (MlflowRunner runner = runner("onnx/add/add/1/model.onnx", "flavors:\n  onnx: {data: model.onnx}\n")) {
            ScoringResult sum = score(runner, "{\"input_data\": {\"a\": [[1, 2, 3]], \"b\": [[10, 20, 30]]}}");
            assertThat(text(sum)).isEqualTo("[[11.0,22.0,33.0]]");
            ScoringResult unknown = score(runner, "{\"input_data\": {\"a\": [[1, 2, 3]], \"c\": [[1, 2, 3]]}}");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(text(unknown)).contains("tensor 'c'").contains("[a, b]");
        }
    }

    @Test
    void aFolderWithoutAServableFlavourFailsInit() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("keras/model"));
        Files.writeString(folder.resolve("MLmodel"), "flavors:\n  keras: {}\n");
        MlflowRunner runner = MlflowRunner.create(TestConfig.in(dir).mlflow(dir.resolve("keras")).build(), System.out,
                new com.fasterxml.jackson.databind.ObjectMapper(), ONE_THREAD);
        assertThatThrownBy(runner::init).hasMessageStartingWith("MLmodel: flavors: keras (expected:");
        assertThat(List.of(folder.toFile().list())).containsExactly("MLmodel");
    }
}
