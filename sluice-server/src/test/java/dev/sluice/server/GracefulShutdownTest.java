package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.RequestSettings;
import dev.sluice.server.testing.RunningServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server asked to stop (SIGTERM) answers the requests it has accepted before it goes. */
class GracefulShutdownTest {

    @RegisterExtension
    static final RunningServer server = RunningServer.create();

    @Test
    void stoppingTheServerFinishesRequestsInFlight() throws Exception {
        Path slow = Path.of("src/test/resources/slow-scorer").toAbsolutePath();
        server.createEndpoint("draining", RunningServer.EXAMPLES.resolve("blue-green/endpoint.yml"));
        // A request timeout well beyond the 1.5 s the request takes, so a loaded machine's pause is no 408.
        DeploymentSpec roomy = server.specFromFile(slow.resolve("deployment.yml")).toBuilder()
                .requestSettings(new RequestSettings(15000, 1, 500)).build().withEndpointName("draining");
        server.client().createDeployment("draining", roomy);
        server.awaitState("draining", "slow", "Succeeded");
        server.setTraffic("draining", Map.of("slow", 100), Map.of());
        EndpointKeys keys = server.client().listKeys("draining");
        Path started = Files.createTempDirectory("drain").resolve("started");

        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> server.score(
                "draining", keys.primaryKey(), "/score",
                "{\"delay_ms\": 1500, \"started_file\": \"" + started + "\"}", Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(started));
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);

        HttpResponse<String> answer = inFlight.get();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"slept_ms\":1500");
        stopped.get();
        server.start();
    }
}
