package dev.sluice.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.worker.runner.RunnerFactory;
import dev.sluice.worker.runner.StandardRunnerFactory;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How a worker is wired beyond its {@code worker.json}: where its console lines go, which runners it knows and
 * how large a request body may be. {@link #defaults()} is what {@link WorkerMain} uses; tests swap parts.
 *
 * @param out          console lines and access lines (stdout, which the local backend appends to console.log)
 * @param err          errors with stack traces (stderr)
 * @param runners      chooses and creates the runner from the config
 * @param maxBodyBytes larger request bodies are answered 413 without reaching the runner
 * @param serverContact told the pid of the server that probes this worker (a restarted server adopts it)
 * @param json         the worker's one Jackson mapper ({@link WorkerJson}), also the one its runners were given
 */
public record WorkerOptions(PrintStream out, PrintStream err, RunnerFactory runners, long maxBodyBytes,
                            LongConsumer serverContact, ObjectMapper json) {

    /** 100 MiB: generous for JSON tensors, and a bound all the same. */
    public static final long DEFAULT_MAX_BODY_BYTES = 100L * 1024 * 1024;

    public WorkerOptions {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(runners, "runners");
        Objects.requireNonNull(serverContact, "serverContact");
        Objects.requireNonNull(json, "json");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: at least 1)");
        }
    }

    /** The one place a worker's JSON mapper is made: the worker and its runners share it. */
    public static WorkerOptions defaults() {
        ObjectMapper json = WorkerJson.create();
        return new WorkerOptions(System.out, System.err,
                StandardRunnerFactory.create(System.out, json, Worker.EVENT_LOOPS), DEFAULT_MAX_BODY_BYTES,
                pid -> { }, json);
    }

    public WorkerOptions withConsole(PrintStream newOut, PrintStream newErr) {
        return new WorkerOptions(newOut, newErr, runners, maxBodyBytes, serverContact, json);
    }

    public WorkerOptions withRunners(RunnerFactory newRunners) {
        return new WorkerOptions(out, err, newRunners, maxBodyBytes, serverContact, json);
    }

    public WorkerOptions withMaxBodyBytes(long newMaxBodyBytes) {
        return new WorkerOptions(out, err, runners, newMaxBodyBytes, serverContact, json);
    }

    public WorkerOptions withServerContact(LongConsumer newServerContact) {
        return new WorkerOptions(out, err, runners, maxBodyBytes, newServerContact, json);
    }
}
