package dev.sluice.worker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.spec.ModelType;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.worker.Worker;
import dev.sluice.worker.WorkerJson;
import dev.sluice.worker.runner.StandardRunnerFactory.Kind;
import dev.sluice.worker.runner.java.JavaRunner;
import dev.sluice.worker.runner.onnx.OnnxRunner;
import dev.sluice.worker.runner.python.PythonRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardRunnerFactoryTest {

    private static WorkerConfig config(ModelType type, String script) {
        return new WorkerConfig("i", "e", "d", 1, type, "/models", "/code", script, null, Map.of("A", "1"), 5000, 1, 500,
                "127.0.0.1", 0, null, 0, "/work", null, 1, null);
    }

    @Test
    void choosesByScriptNameThenModelType() {
        assertThat(StandardRunnerFactory.kindOf(config(ModelType.TRITON_MODEL, null))).isEqualTo(Kind.ONNX);
        assertThat(StandardRunnerFactory.kindOf(config(ModelType.CUSTOM_MODEL, "Score.java"))).isEqualTo(Kind.JAVA);
        assertThat(StandardRunnerFactory.kindOf(config(ModelType.CUSTOM_MODEL, "score.jar"))).isEqualTo(Kind.JAVA);
        assertThat(StandardRunnerFactory.kindOf(config(ModelType.CUSTOM_MODEL, "com.example.Score"))).isEqualTo(Kind.JAVA);
        assertThat(StandardRunnerFactory.kindOf(config(ModelType.CUSTOM_MODEL, "onlinescoring/score.py"))).isEqualTo(Kind.PYTHON);
        assertThat(StandardRunnerFactory.kindOf(config(null, "Score.java"))).isEqualTo(Kind.JAVA);
        assertThat(StandardRunnerFactory.kindOf(config(ModelType.TRITON_MODEL, "score.py"))).isEqualTo(Kind.PYTHON);
    }

    @Test
    void createsTheRunnerCheaply() {
        StandardRunnerFactory factory =
                StandardRunnerFactory.create(System.out, WorkerJson.create(), Worker.EVENT_LOOPS);

        assertThat(factory.create(config(ModelType.TRITON_MODEL, null))).isInstanceOf(OnnxRunner.class);
        assertThat(factory.create(config(ModelType.CUSTOM_MODEL, "Score.java"))).isInstanceOf(JavaRunner.class);
    }

    @Test
    void aPythonScriptGetsThePythonRunner() {
        assertThat(StandardRunnerFactory.create(System.out, WorkerJson.create(), Worker.EVENT_LOOPS)
                .create(config(ModelType.CUSTOM_MODEL, "score.py")))
                .isInstanceOf(PythonRunner.class);
    }

    @Test
    void customModelWithoutScriptIsRefusedAndMlflowWithoutOneIsServedByItsFlavour() {
        assertThatThrownBy(() -> StandardRunnerFactory.kindOf(config(ModelType.CUSTOM_MODEL, null)))
                .hasMessage("code_configuration.scoring_script: (missing) (expected: score.py, Score.java, a .jar or a"
                        + " Java class name for a custom_model)");
        assertThat(StandardRunnerFactory.kindOf(config(ModelType.MLFLOW_MODEL, null)))
                .isEqualTo(StandardRunnerFactory.Kind.MLFLOW);
        assertThat(StandardRunnerFactory.kindOf(config(ModelType.MLFLOW_MODEL, "score.py")))
                .isEqualTo(StandardRunnerFactory.Kind.PYTHON);
    }

    @Test
    void scoringCodeSeesAzuresVariables() {
        WorkerConfig config = config(ModelType.CUSTOM_MODEL, "Score.java");
        assertThat(config.scoringEnvironment()).containsAllEntriesOf(
                Map.of("A", "1", "AZUREML_MODEL_DIR", "/models", "AML_APP_ROOT", "/code", "AZUREML_ENTRY_SCRIPT", "Score.java",
                        "WORKER_COUNT", Integer.toString(config.workerCount()),
                        "SCORING_TIMEOUT_MS", Integer.toString(config.requestTimeoutMs())));
    }
}
