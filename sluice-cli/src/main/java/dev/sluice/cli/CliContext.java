package dev.sluice.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the commands take from the outside world, injected so that tests can run them in-process:
 * the standard streams, the environment and home folder (to find the data folder), whether stdin is a
 * terminal, and how often and how long long operations poll the server.
 *
 * @param out          stdout: the resources asked for (JSON, YAML or a table)
 * @param err          stderr: progress lines, questions and errors
 * @param in           stdin: answers to questions
 * @param pollInterval how often a waiting command asks the server for the state (500 ms)
 * @param waitTimeout  how long a waiting command waits for a final state before giving up (30 min)
 */
public record CliContext(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> environment,
                         String userHome, Terminal terminal, Duration pollInterval, Duration waitTimeout) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(30);

    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(userHome, "userHome");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
    }

    /** This process's streams, environment and home folder. */
    public static CliContext system() {
        Charset charset = Charset.defaultCharset();
        return new CliContext(
                new PrintWriter(new OutputStreamWriter(System.out, charset), true),
                new PrintWriter(new OutputStreamWriter(System.err, charset), true),
                System.in, System.getenv(), System.getProperty("user.home"), Terminal.detect(),
                DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT);
    }

    /** Given streams and environment, no terminal, default polling. */
    public static CliContext of(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> environment,
                                String userHome) {
        return new CliContext(out, err, in, environment, userHome, Terminal.DETACHED, DEFAULT_POLL_INTERVAL,
                DEFAULT_WAIT_TIMEOUT);
    }

    public CliContext withTerminal(Terminal newTerminal) {
        return new CliContext(out, err, in, environment, userHome, newTerminal, pollInterval, waitTimeout);
    }

    public CliContext withPolling(Duration newInterval, Duration newTimeout) {
        return new CliContext(out, err, in, environment, userHome, terminal, newInterval, newTimeout);
    }
}
