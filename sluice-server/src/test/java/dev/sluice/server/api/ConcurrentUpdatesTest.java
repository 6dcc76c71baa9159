package dev.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.Cli;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.Terminal;
import dev.sluice.controlplane.api.ApiOptions;
import dev.sluice.controlplane.api.ApiSecurity;
import dev.sluice.controlplane.tokens.AccessTokenService;
import dev.sluice.controlplane.tokens.SigningKeyring;
import dev.sluice.controlplane.api.ManagementApi;
import dev.sluice.controlplane.artifacts.ArtifactStore;
import dev.sluice.controlplane.autoscale.AutoscaleSettings;
import dev.sluice.controlplane.metrics.MetricStore;
import dev.sluice.controlplane.metrics.MetricsQuery;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.controlplane.logs.ConsoleLogs;
import dev.sluice.controlplane.service.DeploymentService;
import dev.sluice.controlplane.service.EndpointService;
import dev.sluice.controlplane.service.MutationLock;
import dev.sluice.controlplane.service.RegistryService;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.store.JdbcStore;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two CLI updates of one resource at the same moment, over real HTTP against the real management API and store:
 * both read the same version before either writes (a proxy holds their PUTs until both have come), and both
 * changes land, because the CLI sends If-Match and starts again on 412. The controller is left out (its runtime
 * does nothing): these are changes of committed state only.
 */
class ConcurrentUpdatesTest {

    private static final String TOKEN = "concurrent-updates-admin-token";
    private static final Path BLUE_GREEN = RunningServer.EXAMPLES.resolve("blue-green");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    private Vertx vertx;
    private JdbcStore store;
    private ManagementApi api;
    private URI apiUrl;

    @BeforeEach
    void startApi() throws Exception {
        DataDir dataDir = new DataDir(folder.resolve("data"));
        store = JdbcStore.sqlite(dataDir.database());
        DeploymentRuntime runtime = new IdleRuntime();
        MutationLock lock = MutationLock.create();
        Clock clock = Clock.systemUTC();
        ArtifactStore artifacts = ArtifactStore.create(dataDir, ApiOptions.DEFAULT_MAX_ARTIFACT_BYTES);
        vertx = Vertx.vertx();
        api = ManagementApi.create(vertx, ApiOptions.plain("127.0.0.1", 0, "http://127.0.0.1:1"),
                EndpointService.create(store, runtime, lock, clock, new SecureRandom()),
                DeploymentService.create(store, artifacts, runtime, lock, clock),
                RegistryService.create(store, artifacts, lock, clock), artifacts, ConsoleLogs.create(dataDir, runtime),
                new ManagementApi.Scaling(AutoscaleSettings.create(store, store.autoscale(),
                                AutoscaleSettingReader.create(ZoneResolver.iana()), clock),
                        MetricsQuery.create(store, MetricStore.create(store.metricArchive()), clock)),
                () -> "",
                new ApiSecurity(TOKEN, AccessTokenService.create(store.tokens(), clock, new SecureRandom()),
                        SigningKeyring.loadOrCreate(dataDir.signingKeys(), clock), store.audit(), clock,
                        Optional.empty()));
        int port = api.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        apiUrl = URI.create("http://127.0.0.1:" + port);
        cli(apiUrl, "online-endpoint", "create", "-f", BLUE_GREEN.resolve("endpoint.yml").toString(), "-n", "shop");
        for (String name : List.of("blue", "green", "red")) {
            cli(apiUrl, "online-deployment", "create", "-f", BLUE_GREEN.resolve("blue-deployment.yml").toString(),
                    "-n", name, "-e", "shop", "--no-wait");
        }
        cli(apiUrl, "online-endpoint", "update", "-n", "shop", "--traffic", "blue=100", "--no-wait");
    }

    @AfterEach
    void stop() throws Exception {
        api.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void twoTrafficUpdatesAtOnceBothLand() throws Exception {
        try (HoldingProxy proxy = new HoldingProxy(apiUrl, "/api/v1/endpoints/shop", 2)) {
            CompletableFuture<String> split = CompletableFuture.supplyAsync(() -> cli(proxy.url(),
                    "online-endpoint", "update", "-n", "shop", "--traffic", "blue=50 green=50", "--no-wait"));
            CompletableFuture<String> mirror = CompletableFuture.supplyAsync(() -> cli(proxy.url(),
                    "online-endpoint", "update", "-n", "shop", "--mirror-traffic", "red=10", "--no-wait"));
            split.get(60, TimeUnit.SECONDS);
            mirror.get(60, TimeUnit.SECONDS);

            assertThat(proxy.statuses()).as("one of the two held PUTs lost the race and was sent again")
                    .containsExactlyInAnyOrder(200, 412, 200);
        }
        JsonNode endpoint = JSON.readTree(cli(apiUrl, "online-endpoint", "show", "-n", "shop"));
        assertThat(endpoint.path("traffic")).isEqualTo(JSON.readTree("{\"blue\":50,\"green\":50,\"red\":0}"));
        assertThat(endpoint.path("mirror_traffic")).isEqualTo(JSON.readTree("{\"red\":10}"));
    }

    @Test
    void twoSetUpdatesOfADeploymentAtOnceBothLand() throws Exception {
        String path = "/api/v1/endpoints/shop/deployments/green";
        try (HoldingProxy proxy = new HoldingProxy(apiUrl, path, 2)) {
            CompletableFuture<String> scale = CompletableFuture.supplyAsync(() -> cli(proxy.url(),
                    "online-deployment", "update", "-n", "green", "-e", "shop", "--set", "instance_count=3",
                    "--no-wait"));
            CompletableFuture<String> tag = CompletableFuture.supplyAsync(() -> cli(proxy.url(),
                    "online-deployment", "update", "-n", "green", "-e", "shop", "--set", "tags.owner=ops",
                    "--no-wait"));
            scale.get(60, TimeUnit.SECONDS);
            tag.get(60, TimeUnit.SECONDS);

            assertThat(proxy.statuses()).containsExactlyInAnyOrder(200, 412, 200);
        }
        JsonNode green = JSON.readTree(cli(apiUrl, "online-deployment", "show", "-n", "green", "-e", "shop"));
        assertThat(green.path("instance_count").asInt()).isEqualTo(3);
        assertThat(green.path("tags").path("owner").asText()).isEqualTo("ops");
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI shop = apiUrl.resolve("/api/v1/endpoints/shop");
        HttpResponse<String> read = http.send(request(shop).GET().build(), HttpResponse.BodyHandlers.ofString());
        String etag = read.headers().firstValue("ETag").orElseThrow();
        cli(apiUrl, "online-endpoint", "update", "-n", "shop", "--traffic", "green=100", "--no-wait");

        HttpResponse<String> stale = http.send(request(shop).header("If-Match", etag)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"shop\",\"traffic\":{\"blue\":100}}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(stale.body()).path("error").path("code").asText()).isEqualTo("PreconditionFailed");
        JsonNode endpoint = JSON.readTree(cli(apiUrl, "online-endpoint", "show", "-n", "shop"));
        assertThat(endpoint.path("traffic").path("green").asInt()).isEqualTo(100);
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN);
    }

    /** Runs one CLI command in-process against {@code server}; its stdout, or an AssertionError with its stderr. */
    private String cli(URI server, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(new byte[0]), Map.of("SLUICE_HOME", folder.resolve("cli-home").toString()),
                folder.resolve("home").toString(), Terminal.DETACHED, Duration.ofMillis(10), Duration.ofSeconds(10));
        String[] withServer = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--server", server.toString(), "--token", TOKEN)).toArray(String[]::new);
        int status = Cli.create(context).execute(withServer);
        if (status != 0) {
            throw new AssertionError(String.join(" ", args) + " exited " + status + ": " + err);
        }
        return out.toString();
    }

    /** The controller left out: nothing reconciles, nothing is published. */
    private static final class IdleRuntime implements DeploymentRuntime {
        @Override
        public void wake() {
        }

        @Override
        public void publishRouting() {
        }

        @Override
        public List<InstanceRecord> instances(DeploymentId deployment) {
            return List.of();
        }

        @Override
        public List<InstanceEvent> events(DeploymentId deployment) {
            return List.of();
        }
    }
}
