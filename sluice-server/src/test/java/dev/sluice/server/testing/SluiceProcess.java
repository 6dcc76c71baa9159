package dev.sluice.server.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.home.ServerInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/sluice} as a user would, in the repository root, with {@code SLUICE_HOME} pointing at a test
 * folder: a background {@code server} and one-shot CLI commands.
 */
public final class SluiceProcess {

    private static final Path BIN = RunningServer.REPO.resolve("bin").resolve("sluice");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    private final Path home;
    private Process server;

    private SluiceProcess(Path home) {
        this.home = home;
    }

    public static SluiceProcess in(Path home) {
        return new SluiceProcess(home);
    }

    public Path home() {
        return home;
    }

    /** What one command printed and how it exited. */
    public record Result(int status, String out, String err) {

        /** This result, or an AssertionError with both outputs when the command failed. */
        public Result ok() {
            if (status != 0) {
                throw new AssertionError("exit " + status + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }

    /** Starts {@code bin/sluice server} on free ports and waits for its server.json. */
    public ServerInfo startServer() {
        return startServer(Map.of());
    }

    /** As {@link #startServer()}, with more environment variables and {@code server} options. */
    public ServerInfo startServer(Map<String, String> env, String... options) {
        List<String> argv = new ArrayList<>(List.of(BIN.toString(), "server", "--api-port", "0", "--gateway-port", "0"));
        argv.addAll(List.of(options));
        try {
            Files.deleteIfExists(home.resolve("server.json"));
            ProcessBuilder builder = builder(argv, RunningServer.REPO);
            builder.environment().putAll(env);
            server = builder
                    .redirectOutput(home.resolve("server.out").toFile())
                    .redirectError(home.resolve("server.err").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(home.resolve("server.json")) || !server.isAlive());
        if (!server.isAlive()) {
            throw new IllegalStateException("server exited: " + read(home.resolve("server.err")));
        }
        return serverInfo();
    }

    public ServerInfo serverInfo() {
        try {
            return new ObjectMapper().readValue(home.resolve("server.json").toFile(), ServerInfo.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as Ctrl-C or a service manager would send, and waits for the exit. */
    public int stopServer() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            throw new IllegalStateException("server did not stop within 60 s of SIGTERM");
        }
        return server.exitValue();
    }

    /** {@code kill -9} of the server: no shutdown hook runs, workers are left as they are. */
    public void killServer() throws InterruptedException {
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the server if it is still running (for @AfterAll after a test killed it). */
    public void stopServerIfRunning() throws InterruptedException {
        if (server != null && server.isAlive()) {
            stopServer();
        }
    }

    /** Runs {@code bin/sluice args…} in the repository root. */
    public Result sluice(String... args) {
        return sluiceIn(RunningServer.REPO, args);
    }

    /** Runs {@code bin/sluice args…} in {@code directory}, so that relative paths read as a user's would. */
    public Result sluiceIn(Path directory, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(BIN.toString());
        argv.addAll(List.of(args));
        return run(argv, directory);
    }

    /** Runs one shell line, as a user pastes it, in the repository root. */
    public Result shell(String line) {
        return run(List.of("bash", "-c", line), RunningServer.REPO);
    }

    private Result run(List<String> argv, Path directory) {
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            Process p = builder(argv, directory).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(argv + " did not finish within " + COMMAND_TIMEOUT);
            }
            return new Result(p.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder builder(List<String> argv, Path directory) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
        builder.environment().put("SLUICE_HOME", home.toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
