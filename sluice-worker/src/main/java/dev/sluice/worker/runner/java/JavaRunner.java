package dev.sluice.worker.runner.java;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.scoring.ScoringContext;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.Runner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs Java scoring code: a {@link dev.sluice.scoring.ScoringScript} found by {@link ScriptLoader}, called with
 * the code's class loader as the thread's context loader (libraries that look classes up by name then find
 * the code's own). Exceptions from {@code run} propagate; the worker answers them 500 {@code ModelError}.
 */
public final class JavaRunner implements Runner {

    private final WorkerConfig config;
    private final List<Path> workerClassPath;
    private volatile ScriptLoader.Loaded loaded;

    private JavaRunner(WorkerConfig config, List<Path> workerClassPath) {
        this.config = config;
        this.workerClassPath = List.copyOf(workerClassPath);
    }

    /** Compiles {@code Score.java} against the class path this JVM runs with. */
    public static JavaRunner create(WorkerConfig config) {
        String classPath = System.getProperty("java.class.path", "");
        List<Path> entries = Arrays.stream(classPath.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .map(Path::of).toList();
        return new JavaRunner(config, entries);
    }


    @Override
    public void init() throws Exception {
        Path codeDir = config.codeDir() == null ? null : Path.of(config.codeDir());
        Path workDir = config.workDir() == null ? Files.createTempDirectory("sluice-worker-") : Path.of(config.workDir());
        ScriptLoader.Loaded script = new ScriptLoader(codeDir, workDir, workerClassPath,
                JavaRunner.class.getClassLoader()).load(config.scoringScript());
        ScoringContext context = new ScoringContext(config.modelDir() == null ? null : Path.of(config.modelDir()),
                codeDir, config.scoringEnvironment());
        try {
            inLoader(script.loader(), () -> {
                script.script().init(context);
                return null;
            });
        } catch (Exception e) {
            closeQuietly(script);
            throw SluiceException.wrap(ErrorCode.INIT_FAILED, config.scoringScript() + ": init failed: " + e, e);
        }
        loaded = script;
    }

    @Override
    public ScoringResult handle(ScoringRequest request) throws Exception {
        ScriptLoader.Loaded script = loaded;
        if (script == null) {
            throw new IllegalStateException("the scoring script is not initialized");
        }
        ScoringResult result = inLoader(script.loader(), () -> script.script().run(request));
        if (result == null) {
            throw new IllegalStateException(config.scoringScript() + ": run returned null (expected: a ScoringResult)");
        }
        return result;
    }

    private static <T> T inLoader(ClassLoader loader, Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() {
        ScriptLoader.Loaded script = loaded;
        loaded = null;
        if (script != null) {
            closeQuietly(script);
        }
    }

    private void closeQuietly(ScriptLoader.Loaded script) {
        try {
            inLoader(script.loader(), () -> {
                script.script().close();
                return null;
            });
        } catch (Exception e) {
            System.err.println(config.scoringScript() + ": close failed: " + e);
        }
        try {
            script.loader().close();
        } catch (IOException e) {
            System.err.println(config.scoringScript() + ": cannot close its class loader: " + e);
        }
    }
}
