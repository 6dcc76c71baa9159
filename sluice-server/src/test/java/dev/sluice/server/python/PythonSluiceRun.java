package dev.sluice.server.python;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/sluice} as a user runs it for the Python end-to-end tests: {@code sluice server --data-dir D
 * --api-port 0 --gateway-port 0 --python /usr/bin/python3} as a real process, and CLI commands with
 * {@code --data-dir D} run in a chosen folder (so that {@code -f endpoint.yml} reads as in Azure's docs).
 */
final class PythonSluiceRun {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final String PYTHON = "/usr/bin/python3";
    private static final Path BIN = REPO.resolve("bin").resolve("sluice");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    /** What one command printed and how it exited. */
    record Result(int status, String out, String err) {
        Result ok() {
            if (status != 0) {
                throw new AssertionError("exit " + status + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }

    private final Path home;
    private final Process server;

    private PythonSluiceRun(Path home, Process server) {
        this.home = home;
        this.server = server;
    }

    /** Debian's interpreter with scikit-learn, or a skip naming the package (a failure under CI=true). */
    static void requireDebianSklearn() {
        for (String[] need : new String[][]{{"numpy", "python3-numpy"}, {"sklearn", "python3-sklearn"},
                {"joblib", "python3-joblib"}}) {
            boolean present;
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import " + need[0]).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                present = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                present = false;
            }
            if (!present) {
                String message = "needs the Debian package " + need[1] + " (" + PYTHON + " -c 'import " + need[0] + "')";
                if ("true".equals(System.getenv("CI"))) {
                    fail(message + ", which CI must install");
                }
                assumeTrue(false, message + "; skipped");
            }
        }
    }

    /**
     * Starts the server and waits for its server.json. Its package index is a loopback port nothing listens on, so
     * that environments are built from Debian's packages and no test reaches the network, even where PyPI answers.
     */
    static PythonSluiceRun start(Path home) {
        Process server;
        try {
            ProcessBuilder builder = new ProcessBuilder(BIN.toString(), "server", "--data-dir", home.toString(),
                    "--api-port", "0", "--gateway-port", "0", "--python", PYTHON);
            builder.environment().put("PIP_INDEX_URL", unreachableIndex());
            server = builder
                    .directory(REPO.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(home.resolve("server.out").toFile())
                    .redirectError(home.resolve("server.err").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(home.resolve("server.json")) || !server.isAlive());
        if (!server.isAlive()) {
            throw new IllegalStateException("sluice server exited: " + read(home.resolve("server.err")));
        }
        return new PythonSluiceRun(home, server);
    }

    private static String unreachableIndex() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/simple/";
        }
    }

    JsonNode serverInfo() throws IOException {
        return new ObjectMapper().readTree(home.resolve("server.json").toFile());
    }

    /** Runs {@code bin/sluice args… --data-dir D} in {@code directory}. */
    Result cli(Path directory, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(BIN.toString());
        argv.addAll(List.of(args));
        argv.add("--data-dir");
        argv.add(home.toString());
        try {
            Path out = Files.createTempFile(home, "cli-out", ".txt");
            Path err = Files.createTempFile(home, "cli-err", ".txt");
            Process p = new ProcessBuilder(argv).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
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

    /** SIGTERM, as Ctrl-C would send, and waits for the server (and so its workers) to stop. */
    void stop() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            throw new IllegalStateException("sluice server did not stop within 60 s of SIGTERM");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
