package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.worker.WorkerAddress;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.worker.support.Http;
import dev.sluice.worker.runner.java.fixtures.SlowScript;
import dev.sluice.worker.support.TestConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker as the local backend starts it: a separate JVM with worker.json, address.json and exit codes. */
class WorkerProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(45);

    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process fork(WorkerConfig config) throws IOException {
        Path workerJson = dir.resolve("worker.json");
        JSON.writeValue(workerJson.toFile(), config);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WorkerConfig.MAIN_CLASS,
                workerJson.toString())
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile())
                .start();
        return process;
    }

    private String stdout() throws IOException {
        return Files.readString(dir.resolve("stdout.log"));
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.log"));
    }

    /** A precompiled script from the test class path: a forked JVM starts faster without javac. */
    private TestConfig slowScript() throws IOException {
        Path code = Files.createDirectories(dir.resolve("code"));
        return TestConfig.in(dir.resolve("work")).java(code, SlowScript.class.getName())
                .addressFile(dir.resolve("address.json")).serverPid(ProcessHandle.current().pid());
    }

    @Test
    void writesItsAddressTurnsReadyLogsAccessAndStopsGracefullyOnSigterm() throws Exception {
        Process worker = fork(slowScript().build());

        Path addressFile = dir.resolve("address.json");
        await().atMost(STARTUP).until(() -> Files.exists(addressFile));
        WorkerAddress address = JSON.readValue(addressFile.toFile(), WorkerAddress.class);
        assertThat(address.pid()).isEqualTo(worker.pid());
        assertThat(address.host()).isEqualTo("127.0.0.1");
        Http http = Http.to(address.port());
        await().atMost(STARTUP).until(() -> http.get("/.sluice/ready").statusCode() == 200);

        HttpResponse<String> scored = http.post("/score", "{\"a\":1}", "x-request-id", "fork-1");
        assertThat(scored.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> stdout().contains("ACCESS POST /score 200 "));
        assertThat(stdout()).containsPattern("ACCESS POST /score 200 \\d+ms fork-1")
                .contains("listening on http://127.0.0.1:" + address.port())
                .containsPattern("init complete in \\d+ ms");

        Path started = dir.resolve("started");
        CompletableFuture<HttpResponse<String>> inFlight =
                http.postAsync("/score?started=" + started + "&sleep_ms=1500", "{}");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(started));
        worker.destroy();

        assertThat(inFlight.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(stdout()).contains("stopped");
    }

    @Test
    void anInitFailureExitsWithCode3AndTheMessageOnStderr() throws Exception {
        Process worker = fork(slowScript().env(Map.of("FAIL_INIT", "weights.bin is missing")).build());

        assertThat(worker.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(worker.exitValue()).isEqualTo(WorkerMain.EXIT_INIT_FAILED);
        assertThat(stderr()).contains("init failed: " + SlowScript.class.getName() + ": init failed: java.lang.IllegalStateException:"
                + " weights.bin is missing").contains("\tat ");
        assertThat(Files.exists(dir.resolve("address.json"))).as("bound before init").isTrue();
    }

    @Test
    void anUnreadableConfigExitsWithCode2() throws Exception {
        Path workerJson = Files.writeString(dir.resolve("worker.json"), "{\"port\": \"not a number\"}");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WorkerConfig.MAIN_CLASS,
                workerJson.toString()).redirectErrorStream(true).start();

        String output = new String(process.getInputStream().readAllBytes());

        assertThat(process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(WorkerMain.EXIT_USAGE);
        assertThat(output).contains("cannot read worker config " + workerJson);
    }
}
