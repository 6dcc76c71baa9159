package dev.sluice.worker.runner.python;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.ErrorResult;
import dev.sluice.worker.runner.Runner;
import dev.sluice.worker.runner.java.JavaRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves an Azure {@code score.py} through {@code WORKER_COUNT} Python runner processes started with the
 * environment's interpreter. The worker's admission control decides how many requests run at once
 * ({@code max_concurrent_requests_per_instance}); each admitted request takes a free runner here, waiting for one
 * (up to {@code request_timeout_ms}) when there are fewer runners than admitted requests.
 *
 * <p>A runner that exits after init (a crash in native code, {@code os._exit}) is started again in the background,
 * init included; one still busy when its request timed out is killed and started again, as Azure's server does
 * with a worker past its scoring timeout.
 */
public final class PythonRunner implements Runner {

    /** Bounds init() of each runner; the controller's readiness deadline usually ends a hung init earlier. */
    static final Duration INIT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final String DEFAULT_PYTHON = "python3";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final WorkerConfig config;
    private final PrintStream console;
    private final RunnerMessages messages;
    private final LinkedBlockingQueue<PythonProcess> idle = new LinkedBlockingQueue<>();
    private final List<PythonProcess> all = new CopyOnWriteArrayList<>();
    private final Set<PythonProcess> serving = ConcurrentHashMap.newKeySet();
    /** Runner slots serving or being started again; zero means no request can be served any more. */
    private final AtomicInteger slots = new AtomicInteger();
    private final ExecutorService restarts;
    private volatile boolean closed;
    private List<String> command;
    private Map<String, String> environment;
    private Path codeDir;
    private SwaggerFiles swagger;

    private PythonRunner(WorkerConfig config, PrintStream console, ObjectMapper json) {
        this.config = config;
        this.console = console;
        this.messages = new RunnerMessages(json);
        this.restarts = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-python-restart");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param console where the script's output goes, line by line (the worker's stdout)
     * @param json    the worker's mapper ({@link dev.sluice.worker.WorkerJson}), for frame meta
     */
    public static PythonRunner create(WorkerConfig config, PrintStream console, ObjectMapper json) {
        return new PythonRunner(config, console, json);
    }

    /** The interpreter a config asks for: the environment's, else {@code python3} on PATH. */
    public static String interpreter(WorkerConfig config) {
        String python = config.pythonExecutable();
        return python == null || python.isBlank() ? DEFAULT_PYTHON : python;
    }

    @Override
    public void init() throws Exception {
        if (config.codeDir() == null || config.codeDir().isBlank()) {
            throw SluiceException.badArgument("code_configuration.code", "(missing)", "the folder that holds "
                    + config.scoringScript());
        }
        codeDir = Path.of(config.codeDir());
        Path workDir = config.workDir() == null || config.workDir().isBlank()
                ? Files.createTempDirectory("sluice-worker-") : Path.of(config.workDir());
        Path runnerScript = RunnerFiles.extract(workDir.resolve(RunnerFiles.FOLDER));
        command = List.of(interpreter(config), "-u", "-B", runnerScript.toString(), codeDir.toString(),
                config.scoringScript());
        int count = Math.max(1, config.workerCount());
        environment = environment(config, count);
        swagger = new SwaggerFiles(codeDir);
        List<PythonProcess> started = new ArrayList<>();
        try {
            for (int number = 1; number <= count; number++) {
                started.add(launch(number));
            }
            for (PythonProcess python : started) {
                awaitReady(python);
            }
        } catch (Exception | Error e) {
            started.forEach(PythonProcess::kill);
            throw e;
        }
        slots.set(count);
        started.forEach(this::serve);
    }

    /** Azure's variables for the script, plus what makes its output reach the console at once. */
    static Map<String, String> environment(WorkerConfig config, int count) {
        Map<String, String> env = new HashMap<>(config.scoringEnvironment());
        env.put("WORKER_COUNT", Integer.toString(count));
        env.put("PYTHONUNBUFFERED", "1");
        // Artifact folders are read-only and shared by content: no __pycache__ next to the user's files.
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        return env;
    }

    private PythonProcess launch(int number) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(codeDir.toFile());
        builder.environment().putAll(environment);
        PythonProcess python;
        try {
            python = PythonProcess.start(number, builder, console);
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INIT_FAILED, "the Python interpreter " + command.get(0)
                    + " cannot be started: " + e.getMessage() + " (expected: a Python 3.8 or later interpreter)", e);
        }
        all.add(python);
        python.exited().thenRun(() -> exited(python));
        return python;
    }

    private void awaitReady(PythonProcess python) throws Exception {
        long started = System.nanoTime();
        Frame hello;
        try {
            hello = python.awaitHello(INIT_TIMEOUT);
        } catch (TimeoutException e) {
            python.kill();
            throw SluiceException.of(ErrorCode.INIT_FAILED, config.scoringScript() + ": init() did not finish within "
                    + INIT_TIMEOUT.toMinutes() + " minutes");
        } catch (PythonProcess.RunnerExited e) {
            throw SluiceException.of(ErrorCode.INIT_FAILED, config.scoringScript() + ": " + e.getMessage());
        }
        if (hello.kind() == FrameKind.INIT_FAILED) {
            throw messages.failure(hello);
        }
        RunnerMessages.Ready ready = messages.ready(hello);
        console.println("Python runner " + python.number() + " ready: pid " + ready.pid() + ", Python "
                + ready.python() + " (" + ready.executable() + "), init() took "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
    }

    private void serve(PythonProcess python) {
        serving.add(python);
        // Gone between READY and here: its exit found it not yet serving, so it is started again from here.
        if (python.exited().isDone() && serving.remove(python) && !closed) {
            restarts.execute(() -> restart(python.number()));
            return;
        }
        release(python);
    }

    /** Back to the free runners once it answered; a runner that is gone is replaced by {@link #exited}. */
    private void release(PythonProcess python) {
        synchronized (idle) {
            if (!closed && !python.exited().isDone()) {
                idle.offer(python);
            }
        }
    }

    private void exited(PythonProcess python) {
        synchronized (idle) {
            idle.remove(python);
        }
        all.remove(python);
        if (serving.remove(python) && !closed) {
            restarts.execute(() -> restart(python.number()));
        }
    }

    private void restart(int number) {
        if (closed) {
            return;
        }
        console.println("Python runner " + number + " is gone; starting it again (init() runs again)");
        try {
            PythonProcess python = launch(number);
            awaitReady(python);
            serve(python);
        } catch (Exception e) {
            slots.decrementAndGet();
            console.println("Python runner " + number + " cannot be started again: " + e.getMessage());
            if (e instanceof PythonFailure failure && !failure.traceback().isBlank()) {
                console.print(failure.traceback());
            }
        }
    }

    /** Unhealthy once every runner has exited and could not be started again. */
    @Override
    public boolean healthy() {
        return slots.get() > 0;
    }

    @Override
    public ScoringResult handle(ScoringRequest request) throws Exception {
        return switch (AzureRoutes.of(request.method(), request.path())) {
            case HEALTH -> ScoringResult.text("Healthy");
            case SCORE -> score(request);
            case SCORE_OPTIONS -> new ScoringResult(200, Map.of("allow", AzureRoutes.SCORE_METHODS, "content-type",
                    TEXT), new byte[0]);
            case SWAGGER -> swagger.answer(request.query());
            case METHOD_NOT_ALLOWED -> ErrorResult.azure(405, "MethodNotAllowed", request.method() + " "
                    + request.path() + " is not allowed (expected: " + AzureRoutes.allowed(request.path()) + ")",
                    AzureRoutes.allowed(request.path()));
            case NOT_FOUND -> ErrorResult.azure(404, "NotFound", request.path() + " does not exist (expected: /score,"
                    + " / or /swagger.json)", null);
        };
    }

    private ScoringResult score(ScoringRequest request) throws Exception {
        if (slots.get() == 0) {
            throw new IllegalStateException("no Python runner is running: they exited and could not be started"
                    + " again (see the console log)");
        }
        PythonProcess python = idle.poll(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (python == null) {
            throw new IllegalStateException("no Python runner became free within request_timeout_ms ("
                    + config.requestTimeoutMs() + ")");
        }
        CompletableFuture<Frame> reply = python.send(request, messages);
        // A latch, not reply.get(): on a pool thread get() asks the pool for a spare thread to cover the wait
        // (managed blocking), a wake-up per request that doubled the Python path's p99.
        CountDownLatch answered = new CountDownLatch(1);
        reply.whenComplete((frame, failure) -> {
            release(python);
            answered.countDown();
        });
        Frame frame;
        try {
            answered.await();
            frame = reply.get();
        } catch (InterruptedException e) {
            console.println("Python runner " + python.number() + " (pid " + python.pid() + ") did not answer in time;"
                    + " stopping it");
            python.kill();
            throw e;
        } catch (ExecutionException e) {
            PythonProcess.RunnerExited exited = (PythonProcess.RunnerExited) e.getCause();
            throw new IllegalStateException(exited.summary() + " while running this request (see the console log)");
        }
        if (frame.kind() == FrameKind.RUN_FAILED) {
            throw messages.failure(frame);
        }
        return messages.result(frame);
    }

    /** Closes every runner's stdin so that each exits after its request, then kills those that do not in time. */
    @Override
    public void close() {
        closed = true;
        restarts.shutdownNow();
        List<PythonProcess> running = List.copyOf(all);
        running.forEach(PythonProcess::closeInput);
        running.forEach(python -> python.awaitExit(CLOSE_GRACE));
    }
}
