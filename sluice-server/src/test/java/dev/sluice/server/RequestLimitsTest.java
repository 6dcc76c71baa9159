package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.RequestSettings;
import dev.sluice.server.testing.RunningServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request settings of DESIGN.md §5 with a deliberately slow model (request_timeout_ms 2000,
 * max_concurrent_requests_per_instance 1, max_queue_wait_ms 500) and a 64 KiB body limit.
 */
class RequestLimitsTest {

    @RegisterExtension
    static final RunningServer server = RunningServer.create(s -> s.withMaxRequestBytes(64 * 1024));

    private static EndpointKeys keys;

    @BeforeAll
    static void deploySlowScorer() {
        Path slow = Path.of("src/test/resources/slow-scorer").toAbsolutePath();
        server.createEndpoint("limits", RunningServer.EXAMPLES.resolve("blue-green/endpoint.yml"));
        server.deploy("limits", slow.resolve("deployment.yml"));
        server.setTraffic("limits", Map.of("slow", 100), Map.of());
        // The same scorer, but a queued request may wait almost its whole timeout: a 429 test must not race the
        // queued request's 408 (max_queue_wait_ms 500 ms is shorter than a loaded machine's pause).
        DeploymentSpec patient = server.specFromFile(slow.resolve("deployment.yml")).toBuilder().name("patient")
                .requestSettings(new RequestSettings(10000, 1, 9000)).build();
        server.client().createDeployment("limits", patient.withEndpointName("limits"));
        server.awaitState("limits", "patient", "Succeeded");
        keys = server.client().listKeys("limits");
    }

    @Test
    void aModelSlowerThanTheTimeoutGets408() {
        HttpResponse<String> r = score("{\"delay_ms\": 5000}");
        assertThat(r.statusCode()).isEqualTo(408);
        assertThat(r.body()).contains("\"RequestTimeout\"");
        assertThat(score("{\"delay_ms\": 10}").statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestThatWaitsInTheQueueLongerThanMaxQueueWaitGets408() throws IOException {
        Path started = Files.createTempDirectory("slot").resolve("started");
        CompletableFuture<HttpResponse<String>> holder = scoreAsync("{\"delay_ms\": 1200, \"started_file\": \""
                + started + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(started));
        HttpResponse<String> queued = score("{\"delay_ms\": 0}");
        assertThat(queued.statusCode()).isEqualTo(408);
        assertThat(queued.body()).contains("max_queue_wait_ms");
        assertThat(holder.join().statusCode()).isEqualTo(200);
    }

    @Test
    void beyondTwiceTheConcurrencyTheGatewayAnswers429AtOnceWithRetryAfter() {
        // One request runs for 4 s and one waits for its slot (up to 9 s): two in flight, the most the gateway admits.
        List<CompletableFuture<HttpResponse<String>>> busy = List.of(scoreAsync("{\"delay_ms\": 4000}", "patient"),
                scoreAsync("{\"delay_ms\": 4000}", "patient"));
        awaitInFlight(2);
        HttpResponse<String> refused = server.score("limits", keys.primaryKey(), "/score", "{\"delay_ms\": 0}",
                Map.of("azureml-model-deployment", "patient"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(refused.body()).contains("\"TooManyRequests\"");
        busy.forEach(CompletableFuture::join);
    }

    @Test
    void aBodyOverTheLimitGets413() {
        String big = "{\"pad\": \"" + "x".repeat(70 * 1024) + "\"}";
        HttpResponse<String> r = score(big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"PayloadTooLarge\"");
    }

    private static HttpResponse<String> score(String body) {
        return server.score("limits", keys.primaryKey(), "/score", body, Map.of());
    }

    private static CompletableFuture<HttpResponse<String>> scoreAsync(String body) {
        return CompletableFuture.supplyAsync(() -> score(body));
    }

    private static CompletableFuture<HttpResponse<String>> scoreAsync(String body, String deployment) {
        return CompletableFuture.supplyAsync(() -> server.score("limits", keys.primaryKey(), "/score", body,
                Map.of("azureml-model-deployment", deployment)));
    }

    /** Waits until the gateway has {@code n} requests of this endpoint in flight (its in-flight gauge). */
    private static void awaitInFlight(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().lines()
                .filter(l -> l.startsWith("sluice_inflight_requests{") && l.contains("endpoint=\"limits\"")
                        && l.contains("deployment=\"patient\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() >= n);
    }
}
