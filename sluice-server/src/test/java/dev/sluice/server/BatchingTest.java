package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.spec.BatchingSettings;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentSluiceSettings;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.server.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** sluice.batching from a deployment's YAML to its worker: shown, passed on, batching, and rolled when changed. */
class BatchingTest {

    @RegisterExtension
    static final RunningServer server = RunningServer.create();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLERS = 8;
    private static EndpointKeys keys;

    @BeforeAll
    static void deploy() {
        server.createEndpoint("batching", RunningServer.EXAMPLES.resolve("blue-green/endpoint.yml"));
        server.deploy("batching", Path.of("src/test/resources/batched-mlp/deployment.yml").toAbsolutePath());
        server.setTraffic("batching", Map.of("batched", 100), Map.of());
        keys = server.client().listKeys("batching");
    }

    private static String row(int i) {
        StringBuilder data = new StringBuilder();
        for (int k = 0; k < 256; k++) {
            data.append(k == 0 ? "" : ",").append(((i * 31 + k) % 19) / 19.0);
        }
        return "{\"id\":\"r-" + i + "\",\"inputs\":[{\"name\":\"input\",\"shape\":[1,256],\"datatype\":\"FP32\","
                + "\"data\":[" + data + "]}]}";
    }

    @Test
    void showGivesTheBatchingSettings() {
        JsonNode shown = server.client().getDeployment("batching", "batched");

        assertThat(shown.at("/sluice/batching").toString()).isEqualTo("{\"max_batch_size\":8,\"max_queue_delay_ms\":1000}");
    }

    @Test
    void theWorkerBatchesConcurrentRequestsAndTheGatewayKeepsItsNoteToItself() throws Exception {
        String worker = server.client().getDeployment("batching", "batched").at("/instances/0/url").asText();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(worker + "/v2/models/mlp/infer"))
                    .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(row(i))).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int largest = 0;
        for (int i = 0; i < CALLERS; i++) {
            HttpResponse<String> r = sent.get(i).join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.get("id").asText()).isEqualTo("r-" + i);
            JsonNode alone = JSON.readTree(server.score("batching", keys.primaryKey(), "/v2/models/mlp/infer", row(i),
                    Map.of()).body());
            assertThat(answer.at("/outputs/0/shape")).isEqualTo(alone.at("/outputs/0/shape"));
            largest = Math.max(largest, Integer.parseInt(r.headers().firstValue(WorkerProtocol.BATCH_SIZE_HEADER)
                    .orElseThrow()));
        }
        assertThat(largest).as("requests that shared a batch").isGreaterThan(1);

        HttpResponse<String> viaGateway = server.score("batching", keys.primaryKey(), "/score", row(0), Map.of());
        assertThat(viaGateway.statusCode()).isEqualTo(200);
        assertThat(viaGateway.headers().firstValue(WorkerProtocol.BATCH_SIZE_HEADER)).isEmpty();
    }

    @Test
    void changingOnlyTheBatchingReplacesTheInstance() {
        DeploymentSpec own = server.specFromFile(Path.of("src/test/resources/batched-mlp/deployment.yml")
                .toAbsolutePath()).toBuilder().name("rolled").endpointName("batching").build();
        server.client().createDeployment("batching", own);
        String before = server.awaitState("batching", "rolled", "Succeeded").at("/instances/0/id").asText();

        server.update("batching", server.spec("batching", "rolled").toBuilder()
                .sluice(new DeploymentSluiceSettings(new BatchingSettings(4, 0))).build());

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode now = server.client().getDeployment("batching", "rolled");
            return now.path("provisioning_state").asText().equals("Succeeded") && now.path("instances").size() == 1
                    && !now.at("/instances/0/id").asText().equals(before);
        });
        assertThat(server.client().getDeployment("batching", "rolled").at("/sluice/batching").toString())
                .isEqualTo("{\"max_batch_size\":4,\"max_queue_delay_ms\":0}");
    }
}
