package dev.sluice.worker.runner.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.mlflow.MlflowFlavour;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.python.PythonRunner;
import dev.sluice.worker.runner.python.RunnerFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MLflow {@code python_function} flavour through the stdlib Python runner: the runner's own
 * {@code sluice_mlflow.py} plays the scoring script, loading the model as its flavour says (an sklearn pickle
 * without the {@code mlflow} package, or the loader module the environment has) and predicting on the input
 * that {@link SignatureCheck} let through, sent as JSON.
 */
final class PythonPredictor implements Predictor {

    private static final Map<String, List<String>> JSON_BODY = Map.of("content-type", List.of("application/json"));

    private final PythonRunner runner;
    private final ObjectMapper json;

    private PythonPredictor(PythonRunner runner, ObjectMapper json) {
        this.runner = runner;
        this.json = json;
    }

    /** Starts the runners and waits for their init (the model's loading); fails with the runner's message. */
    static PythonPredictor start(WorkerConfig config, Path modelFolder, MlflowFlavour flavour, PrintStream console,
                                 ObjectMapper json) throws Exception {
        Path workDir = config.workDir() == null || config.workDir().isBlank()
                ? Files.createTempDirectory("sluice-worker-") : Path.of(config.workDir());
        Map<String, String> variables = new HashMap<>(config.environmentVariables());
        variables.put("SLUICE_MLFLOW_MODEL", modelFolder.toString());
        if (flavour instanceof MlflowFlavour.Sklearn sklearn) {
            variables.put("SLUICE_MLFLOW_LOADER", "sklearn");
            variables.put("SLUICE_MLFLOW_DATA", sklearn.pickledModel());
            variables.put("SLUICE_MLFLOW_FORMAT", sklearn.serializationFormat());
            variables.put("SLUICE_MLFLOW_PREDICT_FN", sklearn.predictFn());
        } else {
            MlflowFlavour.PythonLoader loader = (MlflowFlavour.PythonLoader) flavour;
            variables.put("SLUICE_MLFLOW_LOADER", loader.loaderModule());
            putIfPresent(variables, "SLUICE_MLFLOW_DATA", loader.data());
            putIfPresent(variables, "SLUICE_MLFLOW_CODE", loader.code());
        }
        WorkerConfig python = new WorkerConfig(config.instanceId(), config.endpointName(), config.deploymentName(),
                config.generation(), config.modelType(), config.modelDir(),
                workDir.resolve(RunnerFiles.FOLDER).toString(), RunnerFiles.MLFLOW_SCRIPT, config.condaFile(),
                variables, config.requestTimeoutMs(), config.maxConcurrentRequests(), config.maxQueueWaitMs(),
                config.host(), config.port(), config.addressFile(), config.serverPid(), workDir.toString(),
                config.pythonExecutable(), config.workerCount(), config.batching());
        PythonRunner runner = PythonRunner.create(python, console, json);
        runner.init();
        return new PythonPredictor(runner, json);
    }

    private static void putIfPresent(Map<String, String> variables, String name, String value) {
        if (value != null) {
            variables.put(name, value);
        }
    }

    @Override
    public ScoringResult predict(ModelInput input) throws Exception {
        ObjectNode body = json.createObjectNode();
        if (input instanceof ModelInput.Table table) {
            body.put("kind", "table");
            ArrayNode columns = body.putArray("columns");
            table.columns().forEach(columns::add);
            ArrayNode types = body.putArray("types");
            table.types().forEach(types::add);
            ArrayNode rows = body.putArray("data");
            table.rows().forEach(row -> rows.addArray().addAll(row.stream()
                    .map(v -> v == null ? json.nullNode() : v).toList()));
        } else {
            ModelInput.Tensors tensors = (ModelInput.Tensors) input;
            body.put("kind", "tensors");
            ObjectNode byName = body.putObject("tensors");
            tensors.byName().forEach((name, tensor) -> byName.putObject(name)
                    .put("dtype", tensors.dtypes().get(name)).set("data", tensor.value()));
        }
        return runner.handle(new ScoringRequest("POST", "/score", Map.of(), JSON_BODY, json.writeValueAsBytes(body)));
    }

    @Override
    public boolean healthy() {
        return runner.healthy();
    }

    @Override
    public void close() {
        runner.close();
    }
}
