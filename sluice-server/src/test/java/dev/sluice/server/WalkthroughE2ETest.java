package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.home.ServerInfo;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.server.testing.SluiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's blue/green walkthrough line by line with the real bin/sluice, as a user would. */
class WalkthroughE2ETest {

    @TempDir
    static Path home;

    private static SluiceProcess sluice;

    @BeforeAll
    static void startServer() {
        sluice = SluiceProcess.in(home);
        sluice.startServer();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        assertThat(sluice.stopServer()).as("exit status after SIGTERM").isZero();
    }

    @Test
    void theReadmeWalkthroughWorksVerbatim() throws IOException {
        List<String> lines = walkthrough();
        assertThat(lines).hasSizeGreaterThan(10);
        String blueAnswer = null;
        for (String line : lines) {
            SluiceProcess.Result r = sluice.shell(line);
            assertThat(r.status()).as("%s%nstdout: %s%nstderr: %s", line, r.out(), r.err()).isZero();
            if (line.contains("invoke") && line.contains("--deployment-name green")) {
                // Green serves model v2: other weights, so another answer to the same request.
                assertThat(r.out()).contains("\"model_name\":\"classifier\"").isNotEqualTo(blueAnswer);
            } else if (line.contains("invoke")) {
                assertThat(r.out()).contains("\"model_name\":\"classifier\"").contains("probabilities");
                blueAnswer = r.out();
            } else if (line.contains("get-credentials")) {
                assertThat(r.out()).contains("primaryKey").contains("secondaryKey");
            } else if (line.contains("online-deployment show")) {
                assertThat(r.out()).contains("\"provisioning_state\"").contains("\"instances\"").contains("Ready");
            } else if (line.contains("get-logs")) {
                assertThat(r.out()).contains("ACCESS");
            }
        }
        SluiceProcess.Result gone = sluice.sluice("online-endpoint", "show", "-n", "my-endpoint");
        assertThat(gone.status()).isEqualTo(1);
        assertThat(gone.err()).startsWith("ERROR: ").contains("(code: ResourceNotFound)");
    }

    /** The lines between the walkthrough markers that run a CLI verb; the server is already running. */
    static List<String> walkthrough() throws IOException {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(RunningServer.REPO.resolve("README.md"))) {
            if (line.contains("<!-- walkthrough:start -->")) {
                inside = true;
            } else if (line.contains("<!-- walkthrough:end -->")) {
                inside = false;
            } else if (inside && line.startsWith("bin/sluice ") && !line.startsWith("bin/sluice server")) {
                out.add(line);
            }
        }
        return out;
    }
}
