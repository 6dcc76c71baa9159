package dev.sluice.worker.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.ModelType;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.worker.runner.java.JavaRunner;
import dev.sluice.worker.runner.mlflow.MlflowRunner;
import dev.sluice.worker.runner.onnx.OnnxRunner;
import dev.sluice.worker.runner.onnx.SessionThreads;
import dev.sluice.worker.runner.python.PythonRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The runners this worker knows, chosen as Azure chooses: a scoring script decides by its file name
 * ({@code *.py} Python, {@code *.java}/{@code *.jar}/class name Java); without one, a {@code triton_model}
 * is served by ONNX Runtime and an {@code mlflow_model} by its MLmodel's flavour.
 */
public final class StandardRunnerFactory implements RunnerFactory {

    /** The kinds of runner, in the order the factory considers them. */
    public enum Kind { ONNX, JAVA, PYTHON, MLFLOW }

    private final PrintStream console;
    private final ObjectMapper json;
    private final int eventLoops;

    private StandardRunnerFactory(PrintStream console, ObjectMapper json, int eventLoops) {
        this.console = console;
        this.json = json;
        this.eventLoops = eventLoops;
    }

    /**
     * @param console    where the output of Python scoring scripts goes, line by line (a worker process:
     *                   stdout, which the local backend appends to the instance's console log)
     * @param json       the worker's mapper ({@link dev.sluice.worker.WorkerJson})
     * @param eventLoops the worker's HTTP event loops, which share the cores with ONNX Runtime's threads
     */
    public static StandardRunnerFactory create(PrintStream console, ObjectMapper json, int eventLoops) {
        return new StandardRunnerFactory(console, json, eventLoops);
    }

    /** Which runner a config asks for, or a {@link SluiceException} naming the field that rules it out. */
    public static Kind kindOf(WorkerConfig config) {
        String script = config.scoringScript();
        ModelType type = config.modelType() == null ? ModelType.CUSTOM_MODEL : config.modelType();
        if (script == null || script.isBlank()) {
            if (type == ModelType.TRITON_MODEL) {
                return Kind.ONNX;
            }
            if (type == ModelType.MLFLOW_MODEL) {
                return Kind.MLFLOW;
            }
            throw SluiceException.badArgument("code_configuration.scoring_script", "(missing)",
                    "score.py, Score.java, a .jar or a Java class name for a custom_model");
        }
        return script.toLowerCase(Locale.ROOT).endsWith(".py") ? Kind.PYTHON : Kind.JAVA;
    }

    @Override
    public Runner create(WorkerConfig config) {
        return switch (kindOf(config)) {
            case ONNX -> OnnxRunner.create(require(config.modelDir(), "model.path"),
                    SessionThreads.forConfig(config, eventLoops), json, config.batching());
            case JAVA -> JavaRunner.create(config);
            case PYTHON -> PythonRunner.create(config, console, json);
            case MLFLOW -> MlflowRunner.create(config, console, json, SessionThreads.forConfig(config, eventLoops));
        };
    }

    private static Path require(String dir, String field) {
        if (dir == null || dir.isBlank()) {
            throw SluiceException.badArgument(field, "(missing)", "the uploaded model folder");
        }
        return Path.of(dir);
    }
}
