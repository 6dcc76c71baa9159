package dev.sluice.server.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.server.testing.SteadyLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scale_settings: target_utilization} under real load: a deployment whose requests each keep an instance busy
 * for 50 ms (examples/autoscale) goes from 1 to 8 concurrent callers and back, and scales 1 → 3 → 1 without one
 * failed answer.
 */
class AutoscaleUnderLoadTest {

    @RegisterExtension
    static final RunningServer server = RunningServer.create();

    private static final Path EXAMPLE = RunningServer.EXAMPLES.resolve("autoscale");
    private static final String ENDPOINT = "autoscale-demo";
    /** Each caller sends its next request as soon as the last is answered (the period is shorter than a request). */
    private static final Duration BACK_TO_BACK = Duration.ofMillis(5);

    @TempDir
    Path dir;

    @Test
    void aStepFromOneToEightCallersScalesOneToThreeAndBackToOneLosingNothing() throws Exception {
        server.createEndpoint(ENDPOINT, EXAMPLE.resolve("endpoint.yml"));
        server.deploy(ENDPOINT, patientCopy("target-utilization-deployment.yml"));
        server.setTraffic(ENDPOINT, Map.of("blue", 100), Map.of());
        String key = server.client().listKeys(ENDPOINT).primaryKey();
        String body = Files.readString(EXAMPLE.resolve("sample-request.json"));

        try (SteadyLoad one = server.load(ENDPOINT, key, body, 1, BACK_TO_BACK)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> one.total() > 50);
            assertThat(readyInstances()).isEqualTo(1);

            SteadyLoad seven = server.load(ENDPOINT, key, body, 7, BACK_TO_BACK);
            await().atMost(Duration.ofSeconds(60)).until(() -> readyInstances() == 3);
            int atThree = seven.total();
            await().atMost(Duration.ofSeconds(30)).until(() -> seven.total() > atThree + 100);
            seven.close();
            assertThat(seven.failures()).as(seven.toString()).isEmpty();

            await().atMost(Duration.ofSeconds(90)).until(() -> readyInstances() == 1
                    && deployment().path("instances").size() == 1);
            assertThat(deployment().path("provisioning_state").asText()).isEqualTo("Succeeded");
            one.close();
            assertThat(one.failures()).as(one.toString()).isEmpty();
        }

        List<String> steps = new ArrayList<>();
        for (JsonNode decision : server.client().autoscale().history(ENDPOINT, "blue", 100).path("value")) {
            assertThat(decision.path("source").asText()).isEqualTo("target_utilization");
            assertThat(decision.path("outcome").asText()).isEqualTo("applied");
            assertThat(decision.path("trigger").asText()).contains("requests in flight");
            steps.add(decision.path("from").asInt() + "->" + decision.path("to").asInt());
        }
        assertThat(steps).as("the decisions, oldest first").isNotEmpty();
        assertThat(steps.get(0)).startsWith("1->");
        assertThat(steps).anyMatch(step -> step.endsWith("->3"));
        assertThat(steps.get(steps.size() - 1)).endsWith("->1");
    }

    /**
     * An Azure Monitor setting with Sluice's ten-second grains: ConcurrentRequestsPerInstance above 2 for 20 s adds
     * an instance. The rule reads what the metrics loop measured, and {@code /metrics/query} shows the same numbers.
     */
    @Test
    void anAzureRuleOnMeasuredConcurrencyScalesOut() throws Exception {
        String endpoint = "rules-demo";
        server.createEndpoint(endpoint, EXAMPLE.resolve("endpoint.yml"));
        server.deploy(endpoint, patientCopy("rules-deployment.yml"));
        server.setTraffic(endpoint, Map.of("green", 100), Map.of());
        server.client().autoscale().create(endpoint, "green", """
                {"properties": {"name": "busy", "profiles": [{"name": "always",
                  "capacity": {"minimum": "1", "maximum": "2", "default": "1"},
                  "rules": [{"metricTrigger": {"metricName": "ConcurrentRequestsPerInstance", "timeGrain": "PT10S",
                    "statistic": "Average", "timeWindow": "PT20S", "timeAggregation": "Average",
                    "operator": "GreaterThan", "threshold": 2},
                    "scaleAction": {"direction": "Increase", "type": "ChangeCount", "value": "1",
                    "cooldown": "PT1M"}}]}]}}
                """);
        String key = server.client().listKeys(endpoint).primaryKey();
        String body = Files.readString(EXAMPLE.resolve("sample-request.json"));

        try (SteadyLoad six = server.load(endpoint, key, body, 6, BACK_TO_BACK)) {
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> server.client().getDeployment(endpoint, "green")
                        .path("instance_count").asInt() == 2);
            } catch (ConditionTimeoutException e) {
                // Seen once in CI (the rule never fired in 90 s): say what the autoscaler decided and measured.
                throw new AssertionError("no scale-out; load " + six + "; history "
                        + server.client().autoscale().history(endpoint, "green", 10) + "; measured "
                        + server.metricsQuery(endpoint, "green", "ConcurrentRequestsPerInstance"), e);
            }
            six.close();
            assertThat(six.failures()).as(six.toString()).isEmpty();
        }
        JsonNode decision = server.client().autoscale().history(endpoint, "green", 10).path("value").get(0);
        assertThat(decision.path("source").asText()).isEqualTo("autoscale setting busy, profile always");
        assertThat(decision.path("trigger").asText()).startsWith("rule 0: ConcurrentRequestsPerInstance");
        assertThat(decision.path("values").asText()).contains("(met)");

        JsonNode measured = server.metricsQuery(endpoint, "green", "ConcurrentRequestsPerInstance,RequestsPerMinute");
        assertThat(measured.path("grain").asText()).isEqualTo("PT10S");
        assertThat(measured.at("/value/0/name").asText()).isEqualTo("ConcurrentRequestsPerInstance");
        assertThat(measured.at("/value/0/points")).anySatisfy(point ->
                assertThat(point.path("values").elements().next().asDouble()).isGreaterThan(2));
        assertThat(measured.at("/value/1/points")).anySatisfy(point ->
                assertThat(point.at("/values/green").asDouble()).isPositive());
        assertThat(server.metrics()).contains("sluice_requests_per_minute{deployment=\"green\"");
    }

    /**
     * The example with a queue wait of 5 s instead of 500 ms: the test is about scaling, and on a machine that
     * other builds load (two cores, load 20) a request queued behind four 50 ms requests was seen to wait 500 ms
     * and get the contract's 408, with or without a scale step.
     */
    private Path patientCopy(String deploymentFile) throws IOException {
        String yaml = Files.readString(EXAMPLE.resolve(deploymentFile))
                .replace("path: model/", "path: " + EXAMPLE.resolve("model").toAbsolutePath() + "/")
                .replace("code: code/", "code: " + EXAMPLE.resolve("code").toAbsolutePath() + "/")
                .replace("request_settings:\n", "request_settings:\n  max_queue_wait_ms: 5000\n");
        assertThat(yaml).contains("max_queue_wait_ms: 5000");
        return Files.writeString(dir.resolve(deploymentFile), yaml);
    }

    private int readyInstances() {
        int ready = 0;
        for (JsonNode instance : deployment().path("instances")) {
            ready += instance.path("state").asText().equals("Ready") ? 1 : 0;
        }
        return ready;
    }

    private JsonNode deployment() {
        return server.client().getDeployment(ENDPOINT, "blue");
    }

}
