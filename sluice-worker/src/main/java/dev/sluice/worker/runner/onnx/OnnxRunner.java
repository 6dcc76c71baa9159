package dev.sluice.worker.runner.onnx;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.BatchingSettings;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.ErrorResult;
import dev.sluice.worker.runner.Runner;
import dev.sluice.worker.runner.v2.Health;
import dev.sluice.worker.runner.v2.V2Codec;
import dev.sluice.worker.runner.v2.V2Route;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Serves a {@code triton_model} folder of ONNX models with ONNX Runtime over the Open Inference Protocol
 * (KServe v2) routes, in JSON or with binary tensor data. Its error answers (400 bad input, 404 unknown model,
 * 405) are the model's answers: they carry no {@code x-sluice-error} header. With {@code sluice.batching},
 * inference answers carry {@value WorkerProtocol#BATCH_SIZE_HEADER}: how many requests ran in the batch that
 * answered.
 */
public final class OnnxRunner implements Runner {

    private static final String JSON = "application/json";
    private static final String BINARY = "application/octet-stream";
    /** The largest body read on the HTTP event loop (with batching): 256 floats of JSON are about 3 KiB. */
    static final int EVENT_LOOP_BODY_BYTES = 64 * 1024;
    /** Without batching, the largest body run on the event loop, when the model's recent runs were fast. */
    static final int EVENT_LOOP_RUN_BODY_BYTES = 16 * 1024;
    /** Without batching, runs of the model must lately have taken less than this to run on the event loop. */
    static final Duration EVENT_LOOP_RUN_BUDGET = Duration.of(100, ChronoUnit.MICROS);
    /** Reported in the server metadata, as Triton reports it. */
    private static final List<String> EXTENSIONS = List.of("binary_tensor_data");
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", JSON);

    private final Path modelDir;
    private final SessionThreads threads;
    private final V2Codec codec;
    private final BatchingSettings batching;
    /** How long a version's recent runs may have taken for the next to run on the event loop. */
    private final Duration runBudget;
    private volatile Map<String, OnnxModel> models = Map.of();

    private OnnxRunner(Path modelDir, SessionThreads threads, V2Codec codec, BatchingSettings batching,
                       Duration runBudget) {
        this.modelDir = modelDir;
        this.threads = threads;
        this.codec = codec;
        this.batching = batching;
        this.runBudget = runBudget;
    }

    /**
     * Without batching.
     *
     * @param threads the intra-op threads of each session, see {@link SessionThreads#forConfig}
     * @param json    the worker's mapper ({@link dev.sluice.worker.WorkerJson}), which the v2 codec reads with
     */
    public static OnnxRunner create(Path modelDir, SessionThreads threads, ObjectMapper json) {
        return create(modelDir, threads, json, null);
    }

    /** @param batching {@code sluice.batching}, or null for none */
    public static OnnxRunner create(Path modelDir, SessionThreads threads, ObjectMapper json,
                                    BatchingSettings batching) {
        return new OnnxRunner(modelDir, threads, V2Codec.create(json), batching, EVENT_LOOP_RUN_BUDGET);
    }

    /** Without batching, with the run time budget for the event loop given (tests, which cannot rely on timing). */
    static OnnxRunner withEventLoopBudget(Path modelDir, SessionThreads threads, ObjectMapper json,
                                          Duration budget) {
        return new OnnxRunner(modelDir, threads, V2Codec.create(json), null, budget);
    }

    @Override
    public void init() throws Exception {
        ModelRepository repository = ModelRepository.find(modelDir);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxModel> loaded = new LinkedHashMap<>();
        try {
            for (var entry : repository.models().entrySet()) {
                loaded.put(entry.getKey(), OnnxModel.load(env, entry.getKey(), entry.getValue(), threads, batching,
                        runBudget));
            }
        } catch (Exception e) {
            loaded.values().forEach(OnnxModel::close);
            throw SluiceException.wrap(ErrorCode.INIT_FAILED, "cannot load ONNX model under " + repository.root()
                    + ": " + e.getMessage(), e);
        }
        models = Map.copyOf(loaded);
    }

    /** The names of the loaded models, sorted. */
    public List<String> modelNames() {
        return models.keySet().stream().sorted().toList();
    }

    /**
     * With batching, yes for bodies up to {@value #EVENT_LOOP_BODY_BYTES} bytes: reading one takes microseconds,
     * and the model runs on the batcher's thread. Without, yes for bodies up to {@value #EVENT_LOOP_RUN_BODY_BYTES}
     * bytes while the recent runs of the model version asked for took under {@link #EVENT_LOOP_RUN_BUDGET}
     * ({@link RecentRunTime}; each version measures its own): the hand-off to a scoring thread and back would
     * cost more than the run. Anything larger or slower goes to a scoring thread, so that one big request never
     * holds up the loop's other connections. Requests that run no model (health, metadata, errors) stay on it.
     */
    @Override
    public boolean handlesOnEventLoop(ScoringRequest request) {
        if (batching != null) {
            return request.body().length <= EVENT_LOOP_BODY_BYTES;
        }
        if (request.body().length > EVENT_LOOP_RUN_BODY_BYTES) {
            return false;
        }
        V2Route route = V2Route.parse(request.method(), request.path());
        Map<String, OnnxModel> loaded = models;
        return switch (route.kind()) {
            case INFER -> {
                OnnxModel model = loaded.get(route.model());
                yield model == null || model.runsFast(route.version());
            }
            case SCORE -> loaded.size() != 1 || loaded.values().iterator().next().runsFast(Optional.empty());
            default -> true;
        };
    }

    /** {@link #handleAsync}, waiting for the answer (in-process callers such as the benchmarks). */
    @Override
    public ScoringResult handle(ScoringRequest request) throws Exception {
        try {
            return handleAsync(request).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public CompletionStage<ScoringResult> handleAsync(ScoringRequest request) {
        V2Route route = V2Route.parse(request.method(), request.path());
        try {
            return answer(route, request);
        } catch (SluiceException e) {
            return CompletableFuture.completedFuture(errorResult(e));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The model's own error answer: 400 bad input, 404 unknown model or version. */
    private static ScoringResult errorResult(SluiceException e) {
        return ErrorResult.of(e.code(), e.getMessage());
    }

    private CompletableFuture<ScoringResult> answer(V2Route route, ScoringRequest request) throws Exception {
        return switch (route.kind()) {
            case SERVER_METADATA -> json(codec.encodeValue(new Health.ServerMetadata("sluice-worker", "2", EXTENSIONS)));
            case SERVER_LIVE -> json(codec.encodeValue(new Health.ServerLive(true)));
            case SERVER_READY -> json(codec.encodeValue(new Health.ServerReady(true)));
            case MODEL_METADATA -> json(codec.encode(model(route.model()).metadata(route.version())));
            case MODEL_READY -> {
                model(route.model()).requireVersion(route.version());
                yield json(codec.encodeValue(new Health.ModelReady(route.model(), true)));
            }
            case INFER -> infer(model(route.model()), route.version(), request);
            case SCORE -> infer(onlyModel(), Optional.empty(), request);
            case WRONG_METHOD -> CompletableFuture.completedFuture(ErrorResult.of(405, ErrorCode.BAD_ARGUMENT,
                    request.method() + " " + request.path() + ": method not allowed (expected: " + route.allowed() + ")"));
            case UNKNOWN_PATH -> CompletableFuture.completedFuture(ErrorResult.of(ErrorCode.NOT_FOUND, "no route "
                    + request.method() + " " + request.path() + " (expected: /score or a KServe v2 path under /v2/)"));
        };
    }

    /** Bad input throws at once; a failure while the request ran (alone or in a batch) completes the answer. */
    private CompletableFuture<ScoringResult> infer(OnnxModel model, Optional<String> version, ScoringRequest request)
            throws Exception {
        Optional<String> jsonLength = request.header(V2Codec.HEADER_LENGTH);
        CompletableFuture<Inferred> inferred = model.infer(codec.parseInfer(request.body(), jsonLength), version);
        CompletableFuture<ScoringResult> answer = inferred.handle((done, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                return result(done);
            }
            if (cause instanceof SluiceException e) {
                return errorResult(e);
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(cause);
        });
        // Cancelling the answer (its request timed out) withdraws the request from its batch.
        answer.whenComplete((done, failure) -> {
            if (failure instanceof CancellationException) {
                inferred.cancel(false);
            }
        });
        return answer;
    }

    /** With binary outputs, the body is the JSON and then the tensors, and a header says where the JSON ends. */
    private ScoringResult result(Inferred inferred) {
        V2Codec.Encoded body = codec.encode(inferred.response());
        if (batching == null && !body.hasBinary()) {
            return new ScoringResult(200, JSON_HEADERS, body.bytes());
        }
        Map<String, String> headers = new HashMap<>(4);
        headers.put("content-type", body.hasBinary() ? BINARY : JSON);
        if (body.hasBinary()) {
            headers.put(V2Codec.HEADER_LENGTH.toLowerCase(Locale.ROOT), Integer.toString(body.jsonLength()));
        }
        if (batching != null) {
            headers.put(WorkerProtocol.BATCH_SIZE_HEADER, Integer.toString(inferred.batchSize()));
        }
        return new ScoringResult(200, headers, body.bytes());
    }

    private OnnxModel model(String name) {
        OnnxModel model = models.get(name);
        if (model == null) {
            throw SluiceException.of(ErrorCode.NOT_FOUND, "model '" + name + "' does not exist (expected: one of "
                    + modelNames() + ")", "model");
        }
        return model;
    }

    private OnnxModel onlyModel() {
        if (models.size() != 1) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "/score: this deployment serves " + models.size()
                    + " models " + modelNames() + " (expected: exactly one; use /v2/models/{name}/infer)");
        }
        return models.values().iterator().next();
    }

    private static CompletableFuture<ScoringResult> json(byte[] body) {
        return CompletableFuture.completedFuture(new ScoringResult(200, JSON_HEADERS, body));
    }

    @Override
    public void close() {
        models.values().forEach(OnnxModel::close);
        models = Map.of();
    }
}
