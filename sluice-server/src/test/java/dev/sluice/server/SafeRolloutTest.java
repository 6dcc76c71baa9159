package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.server.testing.SteadyLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing is lost while traffic shifts, instances are replaced or scaled, or one crashes: each test keeps a
 * steady load of several callers on the endpoint and counts every answer.
 */
class SafeRolloutTest {

    @RegisterExtension
    static final RunningServer server = RunningServer.create();

    private static final Path EXAMPLE = RunningServer.EXAMPLES.resolve("quickstart");
    private static final int CALLERS = 4;
    private static final Duration PERIOD = Duration.ofMillis(25);
    private static String body;

    @BeforeAll
    static void readBody() throws IOException {
        body = Files.readString(EXAMPLE.resolve("sample-request.json"));
    }

    @Test
    void aWholeBlueGreenRolloutUnderLoadLosesNothing() throws Exception {
        EndpointKeys keys = endpointWithBlue("rollout", 1);
        try (SteadyLoad load = server.load("rollout", keys.primaryKey(), body, CALLERS, PERIOD)) {
            progress(load);
            server.deploy("rollout", sized("green", 1));
            progress(load);
            traffic("rollout", 100, 0, 10);
            progress(load);
            traffic("rollout", 100, 0, 0);
            traffic("rollout", 90, 10, 0);
            progress(load);
            traffic("rollout", 50, 50, 0);
            progress(load);
            traffic("rollout", 0, 100, 0);
            progress(load);
            server.client().deleteDeployment("rollout", "blue");
            progress(load);
            load.close();
            assertThat(load.failures()).as(load.toString()).isEmpty();
            assertThat(load.answeredBy("blue")).isPositive();
            assertThat(load.answeredBy("green")).isPositive();
        }
    }

    @Test
    void aRollingUpdateOfThreeInstancesUnderLoadLosesNothing() throws Exception {
        EndpointKeys keys = endpointWithBlue("rolling", 3);
        JsonNode before = server.client().getDeployment("rolling", "blue");
        try (SteadyLoad load = server.load("rolling", keys.primaryKey(), body, CALLERS, PERIOD)) {
            progress(load);
            DeploymentSpec spec = server.spec("rolling", "blue");
            server.update("rolling", spec.toBuilder().environmentVariables(Map.of("RELEASE", "2")).build());
            server.awaitState("rolling", "blue", "Succeeded");
            // The last old instance drains its in-flight requests (listed as Terminating) before it goes.
            await().atMost(Duration.ofSeconds(30)).until(() -> server.client().getDeployment("rolling", "blue")
                    .path("instances").size() == 3);
            JsonNode after = server.client().getDeployment("rolling", "blue");
            progress(load);
            load.close();
            assertThat(load.failures()).as(load.toString()).isEmpty();
            assertThat(after.path("instances")).hasSize(3);
            for (JsonNode instance : after.path("instances")) {
                assertThat(before.path("instances").toString()).doesNotContain(instance.path("id").asText());
                assertThat(instance.path("state").asText()).isEqualTo("Ready");
            }
        }
    }

    @Test
    void scalingOneToThreeToOneUnderLoadLosesNothing() throws Exception {
        EndpointKeys keys = endpointWithBlue("scaling", 1);
        try (SteadyLoad load = server.load("scaling", keys.primaryKey(), body, CALLERS, PERIOD)) {
            progress(load);
            server.update("scaling", server.spec("scaling", "blue").withInstanceCount(3));
            JsonNode three = server.awaitState("scaling", "blue", "Succeeded");
            assertThat(three.path("instances")).hasSize(3);
            progress(load);
            server.update("scaling", server.spec("scaling", "blue").withInstanceCount(1));
            await().atMost(Duration.ofSeconds(60)).until(() -> server.client().getDeployment("scaling", "blue")
                    .path("instances").size() == 1);
            progress(load);
            load.close();
            assertThat(load.failures()).as(load.toString()).isEmpty();
        }
    }

    @Test
    void killingOneOfTwoInstancesLosesAtMostWhatItHeldAndItComesBack() throws Exception {
        EndpointKeys keys = endpointWithBlue("crash", 2);
        JsonNode victim = server.client().getDeployment("crash", "blue").path("instances").get(0);
        try (SteadyLoad load = server.load("crash", keys.primaryKey(), body, CALLERS, PERIOD)) {
            progress(load);
            ProcessHandle.of(victim.path("pid").asLong()).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode now = instance("crash", "blue", victim.path("id").asText());
                return now != null && now.path("restarts").asInt() == 1 && now.path("state").asText().equals("Ready");
            });
            progress(load);
            load.close();
            assertThat(load.failures()).as(load.toString()).hasSizeLessThanOrEqualTo(CALLERS)
                    .allMatch(f -> f.status() == 502);
            JsonNode deployment = server.client().getDeployment("crash", "blue");
            assertThat(deployment.path("provisioning_state").asText()).isEqualTo("Succeeded");
            assertThat(deployment.path("events").toString()).contains("Exited").contains("BackOff")
                    .contains("Restarted");
        }
    }

    @Test
    void anUpdateThatNeverGetsReadyRollsBackWhileTheOldInstancesServe() throws Exception {
        EndpointKeys keys = endpointWithBlue("rollback", 2);
        DeploymentSpec good = server.spec("rollback", "blue");
        DeploymentSpec broken = server.specFromFile(brokenDeployment()).withEndpointName("rollback");
        try (SteadyLoad load = server.load("rollback", keys.primaryKey(), body, CALLERS, PERIOD)) {
            progress(load);
            server.update("rollback", broken);
            JsonNode failed = server.awaitState("rollback", "blue", "Failed");
            progress(load);
            load.close();
            assertThat(load.failures()).as(load.toString()).isEmpty();
            assertThat(failed.path("reason").asText()).contains("rolled back");
            assertThat(failed.path("model").path("path").asText()).isEqualTo(good.model().path());
            await().atMost(Duration.ofSeconds(30)).until(() -> server.client().getDeployment("rollback", "blue")
                    .path("instances").size() == 2);
        }
    }

    private static Path brokenDeployment() throws IOException {
        Path dir = Files.createTempDirectory("broken");
        Path model = dir.resolve("models/classifier/1");
        Files.createDirectories(model);
        Files.writeString(model.resolve("model.onnx"), "this is not an ONNX model");
        Path yml = dir.resolve("blue-deployment.yml");
        Files.writeString(yml, "name: blue\nendpoint_name: rollback\nmodel:\n  path: ./models\n  type: triton_model\n"
                + "instance_count: 2\n");
        return yml;
    }

    private static EndpointKeys endpointWithBlue(String endpoint, int instances) throws IOException {
        server.createEndpoint(endpoint, EXAMPLE.resolve("endpoint.yml"));
        server.deploy(endpoint, sized("blue", instances));
        traffic(endpoint, 100, 0, 0);
        return server.client().listKeys(endpoint);
    }

    /**
     * The quickstart deployment sized for the test's load: each instance takes as many requests at once as
     * there are callers, so the load never exceeds the contract's limit and every refusal would be a loss.
     */
    private static Path sized(String name, int instances) throws IOException {
        Path yml = Files.createTempDirectory(name).resolve(name + ".yml");
        String model = name.equals("blue") ? "model-v1" : "model-v2";
        Files.writeString(yml, Files.readString(EXAMPLE.resolve(name + "-deployment.yml"))
                .replace("./" + model, EXAMPLE.resolve(model).toString())
                .replace("instance_count: 1", "instance_count: " + instances)
                + "request_settings:\n  max_concurrent_requests_per_instance: " + CALLERS + "\n");
        return yml;
    }

    private static void traffic(String endpoint, int blue, int green, int mirrorGreen) {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put("blue", blue);
        if (green > 0 || mirrorGreen > 0 || server.client().findDeployment(endpoint, "green").isPresent()) {
            t.put("green", green);
        }
        server.setTraffic(endpoint, t, mirrorGreen > 0 ? Map.of("green", mirrorGreen) : Map.of());
    }

    /** Lets the load run at least 100 more requests against whatever the routing is now. */
    private static void progress(SteadyLoad load) {
        int target = load.total() + 100;
        await().atMost(Duration.ofSeconds(60)).until(() -> load.total() >= target);
    }

    private static JsonNode instance(String endpoint, String deployment, String id) {
        for (JsonNode i : server.client().getDeployment(endpoint, deployment).path("instances")) {
            if (i.path("id").asText().equals(id)) {
                return i;
            }
        }
        return null;
    }
}
