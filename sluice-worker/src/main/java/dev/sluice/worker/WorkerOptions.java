package dev.sluice.worker;

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
 */
public record WorkerOptions(PrintStream out, PrintStream err, RunnerFactory runners, long maxBodyBytes,
                            LongConsumer serverContact) {

    /** 100 MiB: generous for JSON tensors, and a bound all the same. */
    public static final long DEFAULT_MAX_BODY_BYTES = 100L * 1024 * 1024;

    public WorkerOptions {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(runners, "runners");
        Objects.requireNonNull(serverContact, "serverContact");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: at least 1)");
        }
    }

    public static WorkerOptions defaults() {
        return new WorkerOptions(System.out, System.err, StandardRunnerFactory.create(), DEFAULT_MAX_BODY_BYTES,
                pid -> { });
    }

    public WorkerOptions withConsole(PrintStream newOut, PrintStream newErr) {
        return new WorkerOptions(newOut, newErr, runners, maxBodyBytes, serverContact);
    }

    public WorkerOptions withRunners(RunnerFactory newRunners) {
        return new WorkerOptions(out, err, newRunners, maxBodyBytes, serverContact);
    }

    public WorkerOptions withMaxBodyBytes(long newMaxBodyBytes) {
        return new WorkerOptions(out, err, runners, newMaxBodyBytes, serverContact);
    }

    public WorkerOptions withServerContact(LongConsumer newServerContact) {
        return new WorkerOptions(out, err, runners, maxBodyBytes, newServerContact);
    }
}
