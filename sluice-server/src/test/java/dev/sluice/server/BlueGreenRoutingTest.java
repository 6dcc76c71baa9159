package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.server.testing.RunningServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Split, pin and mirror through the real gateway to real ONNX workers. */
class BlueGreenRoutingTest {

    @RegisterExtension
    static final RunningServer server = RunningServer.create();

    private static final Path EXAMPLE = RunningServer.EXAMPLES.resolve("quickstart");
    private static String body;

    @BeforeAll
    static void readBody() throws IOException {
        body = Files.readString(EXAMPLE.resolve("sample-request.json"));
    }

    @Test
    void seventyThirtyOverAThousandRequestsIsExact() {
        EndpointKeys keys = blueGreen("split", traffic(70, 30), Map.of());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = server.score("split", keys.primaryKey(), "/score", body, Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            counts.merge(r.headers().firstValue("azureml-model-deployment").orElse("?"), 1, Integer::sum);
        }
        assertThat(counts.get("blue")).isBetween(690, 710);
        assertThat(counts.get("green")).isBetween(290, 310);
        assertThat(counts.get("blue") + counts.get("green")).isEqualTo(1000);
    }

    @Test
    void theHeaderPinsADeploymentThatHasNoTraffic() {
        EndpointKeys keys = blueGreen("pinned", traffic(100, 0), Map.of());
        HttpResponse<String> pinned = server.score("pinned", keys.secondaryKey(), "/score", body,
                Map.of("azureml-model-deployment", "green"));
        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(pinned.headers().firstValue("azureml-model-deployment")).hasValue("green");
        assertThat(pinned.body()).contains("\"model_version\":\"1\"");
        HttpResponse<String> routed = server.score("pinned", keys.primaryKey(), "/score", body, Map.of());
        assertThat(routed.headers().firstValue("azureml-model-deployment")).hasValue("blue");
        // Blue and green serve different models (v1 and v2 weights), so their answers differ.
        assertThat(routed.body()).isNotEqualTo(pinned.body());
    }

    @Test
    void mirroringCopiesAShareToGreenWhileBlueAnswersEveryone() {
        EndpointKeys keys = blueGreen("mirror", traffic(100, 0), Map.of("green", 20));
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = server.score("mirror", keys.primaryKey(), "/score", body, Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("azureml-model-deployment")).hasValue("blue");
        }
        // Exactly 20 of every 100 are chosen for copying. A copy that finds green at its in-flight limit (green
        // stalled for a moment on a busy machine) is dropped and counted, never queued: chosen = answered + dropped.
        await().atMost(Duration.ofSeconds(20)).until(() -> mirrored("mirror", "green") + dropped("mirror") >= 190);
        assertThat(mirrored("mirror", "green") + dropped("mirror")).isBetween(190.0, 210.0);
        // Copies beyond the mirror's bound are dropped by design (counted above); on a loaded machine that can be
        // a good share, but most still reach green.
        assertThat(mirrored("mirror", "green")).as("copies green answered").isGreaterThan(100.0);
        assertThat(counter("mirror", "blue", "false")).isEqualTo(1000.0);
    }

    @Test
    void keysAreRequiredAndNeverEchoed() {
        blueGreen("guarded", traffic(100, 0), Map.of());
        HttpResponse<String> none = server.score("guarded", null, "/score", body, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = server.score("guarded", "not-the-key-123", "/score", body, Map.of());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"error\"").doesNotContain("not-the-key-123");
        HttpResponse<String> unknown = server.score("nope", "k", "/score", body, Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void showListsTheInstancesWithTheirWorkerAddresses() {
        EndpointKeys keys = blueGreen("shown", traffic(100, 0), Map.of());
        HttpResponse<String> scored = server.score("shown", keys.primaryKey(), "/score", body,
                Map.of("x-request-id", "trace-me-42"));
        assertThat(scored.headers().firstValue("x-request-id")).hasValue("trace-me-42");
        JsonNode blue = server.client().getDeployment("shown", "blue");
        JsonNode instance = blue.path("instances").get(0);
        assertThat(instance.path("state").asText()).isEqualTo("Ready");
        assertThat(instance.path("pid").asLong()).isPositive();
        assertThat(instance.path("url").asText()).startsWith("http://127.0.0.1:");
        assertThat(instance.path("id").asText()).startsWith("blue-");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                server.client().logs("shown", "blue", 50, "inference-server").contains("trace-me-42"));
        assertThat(server.client().logs("shown", "blue", 50, "inference-server"))
                .containsPattern("ACCESS POST /score 200 \\d+ms trace-me-42")
                // The gateway's way in: a Unix socket in the instance's folder.
                .containsPattern("listening on http://127\\.0\\.0\\.1:\\d+ and /\\S+/" + instance.path("id").asText()
                        + "/worker\\.sock ");
    }

    private static EndpointKeys blueGreen(String endpoint, Map<String, Integer> traffic, Map<String, Integer> mirror) {
        server.createEndpoint(endpoint, EXAMPLE.resolve("endpoint.yml"));
        server.deploy(endpoint, EXAMPLE.resolve("blue-deployment.yml"));
        server.deploy(endpoint, EXAMPLE.resolve("green-deployment.yml"));
        server.setTraffic(endpoint, traffic, mirror);
        return server.client().listKeys(endpoint);
    }

    private static Map<String, Integer> traffic(int blue, int green) {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put("blue", blue);
        t.put("green", green);
        return t;
    }

    private static double dropped(String endpoint) {
        Matcher m = Pattern.compile("^sluice_mirror_dropped_total\\{([^}]*)} ([0-9.eE+]+)$", Pattern.MULTILINE)
                .matcher(server.metrics());
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("endpoint=\"" + endpoint + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static double mirrored(String endpoint, String deployment) {
        return counter(endpoint, deployment, "true");
    }

    /** Sums sluice_requests_total over statuses for one endpoint, deployment and mirrored value. */
    private static double counter(String endpoint, String deployment, String mirrored) {
        Pattern line = Pattern.compile("^sluice_requests_total\\{([^}]*)} ([0-9.eE+]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(server.metrics());
        double sum = 0;
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("endpoint=\"" + endpoint + "\"") && labels.contains("deployment=\"" + deployment + "\"")
                    && labels.contains("mirrored=\"" + mirrored + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
