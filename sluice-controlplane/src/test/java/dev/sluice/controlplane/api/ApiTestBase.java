package dev.sluice.controlplane.api;

import dev.sluice.controlplane.artifacts.Zips;
import dev.sluice.controlplane.logs.ConsoleLogs;
import dev.sluice.controlplane.service.ServiceFixture;
import dev.sluice.core.artifact.ArtifactRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real management API on a free loopback port, over the real services, a fake runtime and a temp data folder. */
abstract class ApiTestBase {

    static final String TOKEN = "test-admin-token-5f0c2a";
    static final String GATEWAY = "https://127.0.0.1:7443";
    static final long MAX_ARTIFACT_BYTES = 256 * 1024;

    @TempDir
    Path folder;
    ServiceFixture f;
    Vertx vertx;
    ManagementApi api;
    ApiClient client;
    int port;
    final AtomicReference<Supplier<String>> metrics = new AtomicReference<>(
            () -> "# TYPE sluice_requests_total counter\nsluice_requests_total{endpoint=\"e\"} 3\n");

    @BeforeEach
    void startApi() throws Exception {
        f = new ServiceFixture(folder);
        vertx = Vertx.vertx();
        api = ManagementApi.create(vertx, ApiOptions.plain("127.0.0.1", 0, GATEWAY)
                        .withMaxArtifactBytes(MAX_ARTIFACT_BYTES), f.endpoints, f.deployments, f.registry, f.artifacts,
                ConsoleLogs.create(f.dataDir, f.runtime), f.scaling(), () -> metrics.get().get(), f.security(TOKEN));
        port = result(api.start());
        client = new ApiClient("http://127.0.0.1:" + port, TOKEN);
    }

    @AfterEach
    void stopApi() throws Exception {
        result(api.stop());
        result(vertx.close());
        f.close();
    }

    static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Uploads the files over HTTP as the CLI does and answers their reference. */
    ArtifactRef upload(Map<String, byte[]> files) {
        ArtifactRef ref = Zips.digest(files);
        ApiClient.Answer answer = client.putZip("/api/v1/artifacts/" + ref.hex(), Zips.zip(files));
        if (answer.status() != 201 && answer.status() != 200) {
            throw new AssertionError("upload failed: " + answer);
        }
        return ref;
    }

    /** A deployment body as the CLI sends it once it has uploaded the paths. */
    String deploymentJson(String name, ArtifactRef model, ArtifactRef code, String extra) {
        return "{\"name\":\"" + name + "\",\"model\":{\"path\":\"" + model + "\"},"
                + "\"code_configuration\":{\"code\":\"" + code + "\",\"scoring_script\":\"score.py\"},"
                + "\"instance_type\":\"Standard_DS3_v2\"" + extra + "}";
    }
}
