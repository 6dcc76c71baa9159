package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.controlplane.artifacts.Zips;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deployment, artifact and log routes over real HTTP, with real zips. */
class ManagementApiDeploymentTest extends ApiTestBase {

    private static final DeploymentId BLUE = new DeploymentId("my-endpoint", "blue");

    ArtifactRef model;
    ArtifactRef code;

    @BeforeEach
    void endpointAndArtifacts() {
        assertThat(client.post("/api/v1/endpoints", "{\"name\":\"my-endpoint\"}").status()).isEqualTo(201);
        model = upload(Zips.files("model/sklearn_regression_model.pkl", "not really a pickle"));
        code = upload(Zips.files("score.py", "def init():\n    pass\n\ndef run(raw):\n    return raw\n"));
    }

    @Test
    void artifactUploadRoundTrip() {
        Map<String, byte[]> files = Zips.files("conda.yaml", "name: env\n", "extra/readme.md", "# hi\n");
        ArtifactRef ref = Zips.digest(files);
        String path = "/api/v1/artifacts/" + ref.hex();

        assertThat(client.head(path).status()).isEqualTo(404);
        ApiClient.Answer created = client.putZip(path, Zips.zip(files));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("id").asText()).isEqualTo(ref.toString());
        assertThat(client.head(path).status()).isEqualTo(200);
        assertThat(client.putZip(path, Zips.zip(files)).status()).isEqualTo(200);
        assertThat(f.artifacts.path(ref).resolve("extra/readme.md")).hasContent("# hi\n");
    }

    @Test
    void artifactUploadsThatDoNotMatchAreRefused() throws IOException {
        Map<String, byte[]> files = Zips.files("score.py", "print(1)");
        ArtifactRef claimed = Zips.digest(Zips.files("score.py", "print(2)"));

        ApiClient.Answer mismatch = client.putZip("/api/v1/artifacts/" + claimed.hex(), Zips.zip(files));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.errorMessage()).contains(claimed.toString()).contains(Zips.digest(files).toString());
        assertThat(client.head("/api/v1/artifacts/" + claimed.hex()).status()).isEqualTo(404);

        // A body bigger than socket buffers: the answer must not wait for a reader that never comes.
        ApiClient.Answer badHex = client.putZip("/api/v1/artifacts/not-a-digest", new byte[(int) MAX_ARTIFACT_BYTES]);
        assertThat(badHex.status()).isEqualTo(400);
        assertThat(badHex.errorMessage()).isEqualTo("artifact: not-a-digest (expected: 64 lower-case hex digits)");
        assertThat(client.head("/api/v1/artifacts/not-a-digest").status()).isEqualTo(400);

        ApiClient.Answer tooLarge = client.putZip("/api/v1/artifacts/" + claimed.hex(),
                new byte[(int) MAX_ARTIFACT_BYTES + 1]);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo("PayloadTooLarge");

        // Without a length the server only finds out while streaming; the client still gets the 413.
        ApiClient.Answer chunked = client.send("PUT", "/api/v1/artifacts/" + claimed.hex(),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[1024 * 1024])),
                "application/zip");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.errorMessage()).endsWith("(expected: at most " + MAX_ARTIFACT_BYTES + " bytes)");
        assertThat(client.get("/api/v1/server").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var children = Files.list(f.dataDir.artifacts())) {
                assertThat(children.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
            }
        });
    }

    @Test
    void deploymentLifecycle() {
        ApiClient.Answer created = client.post("/api/v1/endpoints/my-endpoint/deployments",
                deploymentJson("blue", model, code, ""));
        assertThat(created.status()).isEqualTo(201);
        JsonNode blue = created.json();
        assertThat(blue.path("name").asText()).isEqualTo("blue");
        assertThat(blue.path("endpoint_name").asText()).isEqualTo("my-endpoint");
        assertThat(blue.path("model").path("path").asText()).isEqualTo(model.toString());
        assertThat(blue.path("instance_count").asInt()).isEqualTo(1);
        assertThat(blue.path("request_settings").path("request_timeout_ms").asInt()).isEqualTo(5000);
        assertThat(blue.path("readiness_probe").path("failure_threshold").asInt()).isEqualTo(30);
        assertThat(blue.path("provisioning_state").asText()).isEqualTo("Creating");
        assertThat(blue.path("reason").asText()).isEmpty();
        assertThat(blue.path("generation").asLong()).isEqualTo(1);
        assertThat(blue.path("scoring_uri").asText()).isEqualTo(GATEWAY + "/endpoints/my-endpoint/score");
        assertThat(blue.path("instances").isArray()).isTrue();
        assertThat(blue.path("events").isArray()).isTrue();
        assertThat(f.runtime.wakes.get()).isEqualTo(1);

        assertThat(client.post("/api/v1/endpoints/my-endpoint/deployments", deploymentJson("blue", model, code, ""))
                .status()).isEqualTo(409);

        f.runtime.setInstances(BLUE, List.of(new InstanceRecord("blue-1a2b", "my-endpoint", "blue", 1,
                InstanceState.READY, 4242, "http://127.0.0.1:40123", Instant.parse("2026-11-29T07:00:01Z"), 2)));
        f.runtime.setEvents(BLUE, List.of(InstanceEvent.of(Instant.parse("2026-11-29T07:00:01Z"), "blue-1a2b",
                InstanceEvent.Kind.READY, "")));
        JsonNode shown = client.get("/api/v1/endpoints/my-endpoint/deployments/blue").json();
        JsonNode instance = shown.path("instances").get(0);
        assertThat(instance.path("id").asText()).isEqualTo("blue-1a2b");
        assertThat(instance.path("state").asText()).isEqualTo("Ready");
        assertThat(instance.path("pid").asLong()).isEqualTo(4242);
        assertThat(instance.path("url").asText()).isEqualTo("http://127.0.0.1:40123");
        assertThat(instance.path("startedAt").asText()).isEqualTo("2026-11-29T07:00:01Z");
        assertThat(instance.path("restarts").asInt()).isEqualTo(2);
        assertThat(shown.path("events").get(0).asText()).isEqualTo("2026-11-29T07:00:01Z blue-1a2b Ready");
        assertThat(client.get("/api/v1/endpoints/my-endpoint/deployments").json().path("value")).hasSize(1);

        ApiClient.Answer updated = client.put("/api/v1/endpoints/my-endpoint/deployments/blue",
                deploymentJson("blue", model, code, ",\"instance_count\":2"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("generation").asLong()).isEqualTo(2);
        assertThat(updated.json().path("provisioning_state").asText()).isEqualTo("Updating");
        assertThat(updated.json().path("instance_count").asInt()).isEqualTo(2);

        JsonNode endpoint = client.get("/api/v1/endpoints/my-endpoint").json();
        assertThat(endpoint.path("traffic").path("blue").asInt()).isZero();
        ApiClient.Answer traffic = client.put("/api/v1/endpoints/my-endpoint",
                "{\"name\":\"my-endpoint\",\"traffic\":{\"blue\":100}}");
        assertThat(traffic.status()).isEqualTo(200);
        assertThat(traffic.json().path("traffic").path("blue").asInt()).isEqualTo(100);

        ApiClient.Answer refused = client.delete("/api/v1/endpoints/my-endpoint/deployments/blue");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorMessage()).isEqualTo("deployment blue has 100% of endpoint my-endpoint's traffic; "
                + "move its traffic first (sluice online-endpoint update -n my-endpoint --traffic ...)");

        assertThat(client.put("/api/v1/endpoints/my-endpoint", "{\"name\":\"my-endpoint\",\"traffic\":{\"blue\":0}}")
                .status()).isEqualTo(200);
        assertThat(client.delete("/api/v1/endpoints/my-endpoint/deployments/blue").status()).isEqualTo(200);
        ApiClient.Answer gone = client.get("/api/v1/endpoints/my-endpoint/deployments/blue");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorMessage()).isEqualTo("deployment blue of endpoint my-endpoint does not exist");
        assertThat(client.get("/api/v1/endpoints/my-endpoint").json().path("traffic").isEmpty()).isTrue();
    }

    @Test
    void deploymentsCarryAnEtagAndAStaleIfMatchIs412() {
        ApiClient.Answer created = client.post("/api/v1/endpoints/my-endpoint/deployments",
                deploymentJson("blue", model, code, ""));
        String path = "/api/v1/endpoints/my-endpoint/deployments/blue";
        assertThat(created.etag()).isNotNull().isEqualTo(client.get(path).etag());
        f.runtime.setInstances(BLUE, List.of(new InstanceRecord("blue-1a2b", "my-endpoint", "blue", 1,
                InstanceState.READY, 4242, "http://127.0.0.1:40123", Instant.parse("2026-11-29T07:00:01Z"), 0)));
        assertThat(client.get(path).etag()).as("instances are not part of the stored deployment")
                .isEqualTo(created.etag());

        ApiClient.Answer scaled = client.putIfMatch(path, deploymentJson("blue", model, code, ",\"instance_count\":2"),
                created.etag());
        assertThat(scaled.status()).isEqualTo(200);
        assertThat(scaled.etag()).isNotEqualTo(created.etag()).isEqualTo(client.get(path).etag());

        ApiClient.Answer stale = client.putIfMatch(path, deploymentJson("blue", model, code, ",\"instance_count\":3"),
                created.etag());
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("PreconditionFailed");
        assertThat(client.get(path).json().path("instance_count").asInt()).isEqualTo(2);
    }

    @Test
    void deploymentErrorsNameTheField() {
        String base = "/api/v1/endpoints/my-endpoint/deployments";
        ApiClient.Answer count = client.post(base, deploymentJson("blue", model, code, ",\"instance_count\":\"two\""));
        assertThat(count.status()).isEqualTo(400);
        assertThat(count.errorMessage()).startsWith("instance_count: ");
        assertThat(client.post(base, deploymentJson("blue", model, code, ",\"instance_count\":0")).errorMessage())
                .isEqualTo("instance_count: 0 (expected: 1..50)");
        assertThat(client.post(base, deploymentJson("blue", model, code, ",\"endpoint_name\":\"other-one\""))
                .errorMessage())
                .isEqualTo("endpoint_name: other-one (expected: my-endpoint, the endpoint named in the request path)");
        ArtifactRef missing = Zips.digest(Zips.files("never", "uploaded"));
        assertThat(client.post(base, deploymentJson("blue", missing, code, "")).errorMessage())
                .isEqualTo("model.path: " + missing + " (expected: an uploaded artifact; upload it first)");
        assertThat(client.post(base, deploymentJson("blue", model, code, ",\"model_typo\":1")).errorMessage())
                .startsWith("model_typo: unknown key (expected: ");
        assertThat(client.post("/api/v1/endpoints/nope/deployments", deploymentJson("blue", model, code, ""))
                .status()).isEqualTo(404);
        assertThat(client.get(base + "/red").status()).isEqualTo(404);
        assertThat(f.store.listAllDeployments()).isEmpty();
    }

    @Test
    void logsAreTheTailOfEachInstanceConsole() throws IOException {
        client.post("/api/v1/endpoints/my-endpoint/deployments", deploymentJson("blue", model, code, ""));
        f.runtime.setInstances(BLUE, List.of(
                new InstanceRecord("blue-1", "my-endpoint", "blue", 1, InstanceState.READY, 1, "", Instant.EPOCH, 0),
                new InstanceRecord("blue-2", "my-endpoint", "blue", 1, InstanceState.READY, 2, "", Instant.EPOCH, 0)));
        write(f.dataDir.instanceDir(BLUE, "blue-1").resolve("console.log"), "one\ntwo\nthree\n");
        write(f.dataDir.instanceDir(BLUE, "blue-2").resolve("console.log"), "four\nfive\n");
        write(f.dataDir.storageInitializerLog(BLUE), "fetched model\n");
        String base = "/api/v1/endpoints/my-endpoint/deployments/blue/logs";

        ApiClient.Answer logs = client.get(base + "?lines=1");
        assertThat(logs.status()).isEqualTo(200);
        assertThat(logs.contentType()).startsWith("text/plain");
        assertThat(logs.body()).isEqualTo("==> blue-1 <==\nthree\n\n==> blue-2 <==\nfive\n");
        assertThat(client.get(base + "?container=storage-initializer").body()).isEqualTo("fetched model\n");

        ApiClient.Answer bad = client.get(base + "?container=sidecar");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorMessage()).isEqualTo("container: sidecar (expected: inference-server | storage-initializer)");
        assertThat(client.get(base + "?lines=-3").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/endpoints/my-endpoint/deployments/red/logs").status()).isEqualTo(404);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
