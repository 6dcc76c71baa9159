package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.server.testing.SluiceProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server loses no acknowledged change; a restarted server adopts the workers that
 * survived; workers whose server is gone for good exit by themselves.
 */
class ServerCrashE2ETest {

    private static final Path EXAMPLE = RunningServer.EXAMPLES.resolve("blue-green");

    @TempDir
    static Path home;

    private static SluiceProcess sluice;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServer() {
        sluice = SluiceProcess.in(home);
        sluice.startServer();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        sluice.stopServerIfRunning();
    }

    @Test
    void killMinusNineLosesNothingAndTheWorkersAreAdoptedOrExitOnTheirOwn() throws Exception {
        ok("online-endpoint", "create", "-f", EXAMPLE.resolve("endpoint.yml").toString(), "-n", "crashy");
        ok("online-deployment", "create", "-f", EXAMPLE.resolve("blue-deployment.yml").toString(),
                "--endpoint-name", "crashy", "--all-traffic");
        ok("online-deployment", "update", "-n", "blue", "-e", "crashy", "--set", "instance_count=2");
        List<Long> pids = readyPids();
        assertThat(pids).hasSize(2);
        ok("online-endpoint", "update", "-n", "crashy", "--set", "description=acknowledged just before the crash");

        sluice.killServer();
        assertThat(pids).allMatch(ServerCrashE2ETest::alive);

        // A server that cannot bind its ports leaves the survivors alone for the next one to adopt.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SluiceProcess.Result refused = sluice.sluice("server", "--api-port", "0", "--gateway-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(refused.status()).isNotZero();
            assertThat(refused.err()).contains("in use");
        }
        assertThat(pids).allMatch(ServerCrashE2ETest::alive);

        sluice.startServer();
        JsonNode endpoint = json.readTree(ok("online-endpoint", "show", "-n", "crashy"));
        assertThat(endpoint.path("description").asText()).isEqualTo("acknowledged just before the crash");
        await().atMost(Duration.ofSeconds(60)).until(() -> readyPids().size() == 2);
        assertThat(readyPids()).containsExactlyInAnyOrderElementsOf(pids);
        assertThat(ok("online-endpoint", "invoke", "-n", "crashy", "-r",
                EXAMPLE.resolve("sample-request.json").toString())).contains("probabilities");

        sluice.killServer();
        await().atMost(Duration.ofSeconds(90)).until(() ->
                pids.stream().noneMatch(ServerCrashE2ETest::alive));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private List<Long> readyPids() throws Exception {
        JsonNode blue = json.readTree(ok("online-deployment", "show", "-n", "blue", "-e", "crashy"));
        List<Long> out = new ArrayList<>();
        for (JsonNode instance : blue.path("instances")) {
            if (instance.path("state").asText().equals("Ready")) {
                out.add(instance.path("pid").asLong());
            }
        }
        return out;
    }

    private String ok(String... args) {
        SluiceProcess.Result r = sluice.sluice(args);
        assertThat(r.status()).as("%s%nstdout: %s%nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
        return r.out();
    }
}
