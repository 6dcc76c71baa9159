package dev.sluice.server.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.artifacts.ArtifactUploader;
import dev.sluice.cli.client.ServerConnection;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.cli.client.TrustedCa;
import dev.sluice.cli.yaml.SpecFiles;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.server.ServerSettings;
import dev.sluice.server.SluiceServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Sluice server (HTTPS on free ports, SQLite in a temp folder, real worker processes) for one test
 * class, in one line: {@code @RegisterExtension static final RunningServer server = RunningServer.create();}
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {

    /** The repository root: tests run in the module folder. */
    public static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    public static final Path EXAMPLES = REPO.resolve("examples");

    private final java.util.function.UnaryOperator<ServerSettings> customize;
    private Path dataDir;
    private SluiceServer server;
    private SluiceClient client;
    private SpecFiles files;
    private HttpClient http;

    private RunningServer(java.util.function.UnaryOperator<ServerSettings> customize) {
        this.customize = customize;
    }

    public static RunningServer create() {
        return new RunningServer(s -> s);
    }

    /** With changed settings, such as a small request body limit. */
    public static RunningServer create(java.util.function.UnaryOperator<ServerSettings> customize) {
        return new RunningServer(customize);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("sluice-it-");
        start();
    }

    /** Starts (again) on the same data folder, as a restarted server would. */
    public void start() {
        server = SluiceServer.start(customize.apply(ServerSettings.defaults(new DataDir(dataDir)).withPorts(0, 0)));
        client = SluiceClient.connect(new ServerConnection(URI.create(server.info().apiUrl()), server.adminToken(),
                server.caCert(), "test"));
        files = SpecFiles.create(ArtifactUploader.create(client, new PrintWriter(new StringWriter())));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TrustedCa.sslContext(server.caCert())).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Stops the server the way SIGTERM does: gateway and API first, then the workers. */
    public void stop() {
        server.close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
        // Stopped workers' folders may still be going away as the walk lists them: walk again until all is gone.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            deleteTree(dataDir);
            return !Files.exists(dataDir);
        });
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().setWritable(true));
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public SluiceClient client() {
        return client;
    }

    public SluiceServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates an endpoint named {@code name} from an example's endpoint.yml. */
    public JsonNode createEndpoint(String name, Path endpointYml) {
        EndpointSpec spec = files.endpoint(endpointYml).withName(name);
        return client.createEndpoint(spec);
    }

    /** Creates a deployment from a YAML file under {@code endpoint}, and waits until it Succeeded. */
    public JsonNode deploy(String endpoint, Path deploymentYml) {
        DeploymentSpec spec = files.deployment(deploymentYml).withEndpointName(endpoint);
        client.createDeployment(endpoint, spec);
        return awaitState(endpoint, spec.name(), "Succeeded");
    }

    public JsonNode awaitState(String endpoint, String deployment, String state) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                client.getDeployment(endpoint, deployment).path("provisioning_state").asText().equals(state));
        return client.getDeployment(endpoint, deployment);
    }

    public void setTraffic(String endpoint, Map<String, Integer> traffic, Map<String, Integer> mirror) {
        JsonNode current = client.getEndpoint(endpoint);
        EndpointSpec spec = EndpointSpec.named(endpoint).withTraffic(traffic).withMirrorTraffic(mirror)
                .withAuthMode(dev.sluice.core.spec.AuthMode.fromWire(current.path("auth_mode").asText("key")));
        client.updateEndpoint(spec);
    }

    /** A steady load of {@code callers} clients on the endpoint's /score, one request per {@code period} each. */
    public SteadyLoad load(String endpoint, String key, String body, int callers, Duration period) {
        return SteadyLoad.start(http, URI.create(server.info().gatewayUrl() + "/endpoints/" + endpoint + "/score"),
                key, body, callers, period);
    }

    /** Replaces a deployment's spec (the CLI's update) without waiting. */
    public void update(String endpoint, DeploymentSpec spec) {
        client.updateDeployment(endpoint, spec);
    }

    /** The deployment's spec as the server reports it, ready to change and send back. */
    public DeploymentSpec spec(String endpoint, String deployment) {
        return dev.sluice.core.spec.SpecReader.create().deployment(stripServerFields(
                client.getDeployment(endpoint, deployment)));
    }

    private static JsonNode stripServerFields(JsonNode resource) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = resource.deepCopy();
        copy.remove(java.util.List.of("provisioning_state", "reason", "generation", "scoring_uri", "created_at",
                "updated_at", "instances", "events", "ready_instances", "warnings"));
        return copy;
    }

    /** Reads a spec from a YAML file (uploading its local paths) without creating it. */
    public DeploymentSpec specFromFile(Path deploymentYml) {
        return files.deployment(deploymentYml);
    }

    /** One scoring call through the gateway; the answer's body and headers. */
    public HttpResponse<String> score(String endpoint, String key, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.info().gatewayUrl() + "/endpoints/" + endpoint + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** {apiUrl}/metrics/query for the deployment's metrics (comma-separated Azure names), as JSON. */
    public JsonNode metricsQuery(String endpoint, String deployment, String metrics) {
        String body = send(HttpRequest.newBuilder(URI.create(server.info().apiUrl() + "/metrics/query?endpoint="
                        + endpoint + "&deployment=" + deployment + "&metric=" + metrics))
                .header("Authorization", "Bearer " + server.adminToken()).GET().build()).body();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Prometheus text at {apiUrl}/metrics. */
    public String metrics() {
        return send(HttpRequest.newBuilder(URI.create(server.info().apiUrl() + "/metrics"))
                .header("Authorization", "Bearer " + server.adminToken()).GET().build()).body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
