package dev.sluice.worker.runner.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.core.error.ErrorBody;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.mlflow.MlflowFlavour;
import dev.sluice.core.mlflow.MlflowModel;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.ErrorResult;
import dev.sluice.worker.runner.Runner;
import dev.sluice.worker.runner.onnx.OnnxFunction;
import dev.sluice.worker.runner.onnx.SessionThreads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Serves an {@code mlflow_model} without scoring code, as Azure's no-code MLflow deployments do: {@code POST /score}
 * takes {@code input_data} (split or records orientation, or tensors), checked against the {@code MLmodel}'s
 * signature (a 400 naming the column or shape that does not fit), and answers the JSON list of predictions.
 * The {@code onnx} flavour runs on ONNX Runtime here; {@code python_function} through the Python runner.
 */
public final class MlflowRunner implements Runner {

    private static final int MAX_DEPTH = 8;

    private final WorkerConfig config;
    private final PrintStream console;
    private final ObjectMapper json;
    private final SessionThreads threads;
    private volatile MlflowModel model;
    private volatile Predictor predictor;

    private MlflowRunner(WorkerConfig config, PrintStream console, ObjectMapper json, SessionThreads threads) {
        this.config = config;
        this.console = console;
        this.json = json;
        this.threads = threads;
    }

    /**
     * @param console where the Python runner's output goes, line by line
     * @param json    the worker's mapper
     * @param threads the session threads of the {@code onnx} flavour
     */
    public static MlflowRunner create(WorkerConfig config, PrintStream console, ObjectMapper json,
                                      SessionThreads threads) {
        return new MlflowRunner(config, console, json, threads);
    }

    @Override
    public void init() throws Exception {
        if (config.modelDir() == null || config.modelDir().isBlank()) {
            throw SluiceException.badArgument("model.path", "(missing)", "the uploaded MLflow model folder");
        }
        Path root = Path.of(config.modelDir());
        String relative = MlflowModel.folderOf(files(root), "model.path");
        Path folder = relative.isEmpty() ? root : root.resolve(relative);
        JsonNode tree = new YAMLMapper().readTree(folder.resolve(MlflowModel.FILE).toFile());
        MlflowModel read = MlflowModel.parse(tree);
        console.println("MLflow model " + folder + ": served as " + read.flavour().describe()
                + (read.signature() == null ? ", no signature (inputs are not checked)" : ", with its signature"));
        predictor = read.flavour() instanceof MlflowFlavour.Onnx onnx
                ? new OnnxPredictor(OnnxFunction.load(folder.resolve(onnx.modelFile()), threads), json)
                : PythonPredictor.start(config, folder, read.flavour(), console, json);
        model = read;
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root, MAX_DEPTH)) {
            return all.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()).toList();
        }
    }

    @Override
    public ScoringResult handle(ScoringRequest request) throws Exception {
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "GET /", "HEAD /" -> ScoringResult.text("Healthy");
            case "POST /score" -> score(request);
            case "OPTIONS /score" -> new ScoringResult(200, Map.of("allow", "POST, OPTIONS"), new byte[0]);
            default -> request.path().equals("/score") || request.path().equals("/")
                    ? ErrorResult.of(405, ErrorCode.BAD_ARGUMENT, route + ": method not allowed (expected: POST /score)")
                    : ErrorResult.of(404, ErrorCode.NOT_FOUND, "no route " + route + " (expected: POST /score with"
                    + " {\"input_data\": ...})");
        };
    }

    private ScoringResult score(ScoringRequest request) throws Exception {
        ModelInput checked;
        try {
            JsonNode body = json.readTree(request.body());
            checked = SignatureCheck.enforce(model.signature(), ScoringPayload.parse(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return badRequest(ErrorCode.BAD_ARGUMENT, "request body: not valid JSON (expected: {\"input_data\":"
                    + " ...})");
        } catch (SluiceException e) {
            return badRequest(e.code(), e.getMessage());
        }
        try {
            return predictor.predict(checked);
        } catch (SluiceException e) {
            if (e.code() == ErrorCode.BAD_ARGUMENT) {
                return badRequest(e.code(), e.getMessage()); // the ONNX model's own check: a dtype or rank
            }
            throw e;
        }
    }

    /**
     * A request the model cannot take, found by Sluice's own no-code server (not by user code): marked as the
     * worker's answer, so that the gateway passes the 400 on instead of turning it into a 424.
     */
    private static ScoringResult badRequest(ErrorCode code, String message) {
        return new ScoringResult(400, Map.of("content-type", "application/json", WorkerProtocol.ERROR_HEADER,
                code.azureName()), ErrorBody.json(code, message, null));
    }

    @Override
    public boolean healthy() {
        Predictor current = predictor;
        return current == null || current.healthy();
    }

    @Override
    public void close() {
        Predictor current = predictor;
        if (current != null) {
            current.close();
        }
    }
}
