package dev.sluice.server.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.DebianPython;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.server.testing.SluiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/sluice} as a user runs it for the Python end-to-end tests: {@code sluice server --data-dir D
 * --api-port 0 --gateway-port 0 --python /usr/bin/python3} as a real process, and CLI commands with
 * {@code --data-dir D} run in a chosen folder (so that {@code -f endpoint.yml} reads as in Azure's docs).
 */
final class PythonSluiceRun {

    static final Path REPO = RunningServer.REPO;
    static final String PYTHON = DebianPython.PYTHON.toString();

    private final SluiceProcess process;

    private PythonSluiceRun(SluiceProcess process) {
        this.process = process;
    }

    /** Debian's interpreter with scikit-learn, or a skip naming the package (a failure under CI=true). */
    static void requireDebianSklearn() {
        DebianPython.withSklearn();
    }

    /**
     * Starts the server and waits for its server.json. Its package index is a loopback port nothing listens on, so
     * that environments are built from Debian's packages and no test reaches the network, even where PyPI answers.
     */
    static PythonSluiceRun start(Path home) {
        SluiceProcess process = SluiceProcess.in(home);
        process.startServer(Map.of("PIP_INDEX_URL", unreachableIndex()),
                "--data-dir", home.toString(), "--python", PYTHON);
        return new PythonSluiceRun(process);
    }

    private static String unreachableIndex() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/simple/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode serverInfo() throws IOException {
        return new ObjectMapper().readTree(process.home().resolve("server.json").toFile());
    }

    /** Runs {@code bin/sluice args… --data-dir D} in {@code directory}. */
    SluiceProcess.Result cli(Path directory, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("--data-dir");
        argv.add(process.home().toString());
        return process.sluiceIn(directory, argv.toArray(String[]::new));
    }

    /** SIGTERM, as Ctrl-C would send, and waits for the server (and so its workers) to stop. */
    void stop() throws InterruptedException {
        process.stopServer();
    }
}
