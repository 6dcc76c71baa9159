package dev.sluice.cli.client;

import static dev.sluice.cli.client.ApiRequests.API;
import static dev.sluice.cli.client.ApiRequests.deploymentPath;
import static dev.sluice.cli.client.ApiRequests.encode;
import static dev.sluice.cli.client.ApiRequests.endpointPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.KeyType;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A small client of the management API (docs/internals.md) over {@code java.net.http}. Answers are the
 * server's JSON as is; failures are {@link SluiceException}s with the server's error code and message.
 * Never logs or prints the admin token or endpoint keys. Endpoints, deployments, keys, tokens and the audit
 * log are asked here; the registry, artifacts and autoscaling have their own clients ({@link #assets()},
 * {@link #artifacts()}, {@link #autoscale()}).
 */
public final class SluiceClient {

    /** Longer than the longest request_timeout_ms a deployment may have (300 s). */
    static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(330);

    private final ApiRequests requests;
    private final ServerConnection connection;
    /** Appended to creates and updates of endpoints, deployments and autoscale settings: "" or {@code ?strict=true}. */
    private final String writeQuery;

    private SluiceClient(ApiRequests requests, ServerConnection connection, String writeQuery) {
        this.requests = requests;
        this.connection = connection;
        this.writeQuery = writeQuery;
    }

    /** This client, whose creates and updates are refused when the spec has warnings ({@code --strict}). */
    public SluiceClient strict() {
        return new SluiceClient(requests, connection, "?strict=true");
    }

    /** A client of the server at {@code connection}; with a CA certificate, trusts exactly that CA. */
    public static SluiceClient connect(ServerConnection connection) {
        // HTTP/1.1: the server speaks it everywhere, and it avoids an h2c upgrade attempt on plain HTTP.
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(ApiTransport.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (connection.caCert() != null) {
            http.sslContext(TrustedCa.sslContext(connection.caCert()));
        }
        URI base = connection.apiUrl().getPath().endsWith("/") ? connection.apiUrl()
                : URI.create(connection.apiUrl() + "/");
        ServerConnection normalized = new ServerConnection(base, connection.token(), connection.caCert(),
                connection.origin());
        ApiTransport transport = new ApiTransport(http.build(), normalized, new ObjectMapper());
        return new SluiceClient(new ApiRequests(transport), normalized, "");
    }

    public ServerConnection connection() {
        return connection;
    }

    /** The autoscale routes; creates and updates are strict when this client is. */
    public AutoscaleClient autoscale() {
        return new AutoscaleClient(requests, writeQuery);
    }

    /** The registry's model and environment versions. */
    public AssetClient assets() {
        return new AssetClient(requests);
    }

    /** Uploads and downloads of artifacts (zips of model and code folders). */
    public ArtifactClient artifacts() {
        return new ArtifactClient(requests.transport());
    }

    /** {@code {"version","apiUrl","gatewayUrl"}}. */
    public JsonNode serverInfo() {
        return requests.get(API + "server");
    }

    public ArrayNode listEndpoints() {
        return requests.list(API + "endpoints");
    }

    public JsonNode getEndpoint(String name) {
        return requests.get(endpointPath(name));
    }

    /** The endpoint with its ETag, for a read-modify-write. */
    public TaggedResource readEndpoint(String name) {
        return requests.getTagged(endpointPath(name));
    }

    /** The endpoint, or empty once it is gone (404). */
    public Optional<JsonNode> findEndpoint(String name) {
        return ifExists(() -> getEndpoint(name));
    }

    public JsonNode createEndpoint(EndpointSpec spec) {
        return requests.call("POST", API + "endpoints" + writeQuery, spec);
    }

    /** PUT of the full spec; the server publishes the new routing before it answers. */
    public JsonNode updateEndpoint(EndpointSpec spec) {
        return updateEndpoint(spec, null);
    }

    /**
     * PUT of the full spec if the endpoint's ETag is still {@code ifMatch} (null: whatever it is).
     *
     * @throws SluiceException PRECONDITION_FAILED when someone changed the endpoint since that version was read
     */
    public JsonNode updateEndpoint(EndpointSpec spec, String ifMatch) {
        return requests.call("PUT", endpointPath(spec.name()) + writeQuery, spec, ifMatch);
    }

    public void deleteEndpoint(String name) {
        requests.call("DELETE", endpointPath(name), null);
    }

    /** The endpoint's keys: only for callers who asked for them (get-credentials, invoke). */
    public EndpointKeys listKeys(String name) {
        JsonNode keys = requests.call("POST", endpointPath(name) + "/listKeys", null);
        return new EndpointKeys(keys.path("primaryKey").asText(null), keys.path("secondaryKey").asText(null));
    }

    public JsonNode regenerateKeys(String name, KeyType keyType) {
        return requests.call("POST", endpointPath(name) + "/regenerateKeys", Map.of("keyType", keyType.wire()));
    }

    /** {@code {"accessToken","expiryTimeUtc","refreshAfterTimeUtc"}} of an aml_token endpoint. */
    public JsonNode getToken(String name) {
        return requests.get(endpointPath(name) + "/token");
    }

    /** A management token; the answer holds its secret, this once. */
    public JsonNode createToken(String role, String name) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("role", role);
        if (name != null) {
            body.put("name", name);
        }
        return requests.call("POST", API + "tokens", body);
    }

    public ArrayNode listTokens() {
        return requests.list(API + "tokens");
    }

    public void revokeToken(String id) {
        requests.call("DELETE", API + "tokens/" + encode(id), null);
    }

    /** {@code {"current","keys"}} after a new aml_token signing key took over. */
    public JsonNode rotateSigningKey() {
        return requests.call("POST", API + "signing-keys/rotate", null);
    }

    /** The newest {@code limit} audit entries, newest first. */
    public ArrayNode audit(int limit) {
        return requests.list(API + "audit?limit=" + limit);
    }

    public ArrayNode listDeployments(String endpoint) {
        return requests.list(endpointPath(endpoint) + "/deployments");
    }

    public JsonNode getDeployment(String endpoint, String name) {
        return requests.get(deploymentPath(endpoint, name));
    }

    /** The deployment with its ETag, for a read-modify-write. */
    public TaggedResource readDeployment(String endpoint, String name) {
        return requests.getTagged(deploymentPath(endpoint, name));
    }

    public Optional<JsonNode> findDeployment(String endpoint, String name) {
        return ifExists(() -> getDeployment(endpoint, name));
    }

    public JsonNode createDeployment(String endpoint, DeploymentSpec spec) {
        return requests.call("POST", endpointPath(endpoint) + "/deployments" + writeQuery, spec);
    }

    public JsonNode updateDeployment(String endpoint, DeploymentSpec spec) {
        return updateDeployment(endpoint, spec, null);
    }

    /**
     * PUT of the full spec if the deployment's ETag is still {@code ifMatch} (null: whatever it is).
     *
     * @throws SluiceException PRECONDITION_FAILED when someone changed the deployment since that version was read
     */
    public JsonNode updateDeployment(String endpoint, DeploymentSpec spec, String ifMatch) {
        return requests.call("PUT", deploymentPath(endpoint, spec.name()) + writeQuery, spec, ifMatch);
    }

    public void deleteDeployment(String endpoint, String name) {
        requests.call("DELETE", deploymentPath(endpoint, name), null);
    }

    /** The deployment's log text; {@code lines} and {@code container} may be null for the server's defaults. */
    public String logs(String endpoint, String name, Integer lines, String container) {
        StringBuilder query = new StringBuilder();
        if (lines != null) {
            query.append("lines=").append(lines);
        }
        if (container != null) {
            query.append(query.length() > 0 ? "&" : "").append("container=").append(encode(container));
        }
        String path = deploymentPath(endpoint, name) + "/logs" + (query.length() > 0 ? "?" + query : "");
        return requests.getText(path);
    }

    /**
     * POSTs {@code body} as JSON to a scoring URI with {@code Authorization: Bearer key}; with a deployment
     * name, pins that deployment ({@code azureml-model-deployment}). Non-2xx answers are returned, not thrown.
     */
    public InvokeResult invoke(URI scoringUri, String key, byte[] body, String deploymentName) {
        HttpRequest.Builder request = HttpRequest.newBuilder(scoringUri)
                .timeout(INVOKE_TIMEOUT)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (deploymentName != null && !deploymentName.isBlank()) {
            request.header("azureml-model-deployment", deploymentName);
        }
        HttpResponse<String> response = requests.transport().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        return new InvokeResult(response.statusCode(), response.body(),
                response.headers().firstValue("azureml-model-deployment").orElse(null),
                response.headers().firstValue("x-request-id").orElse(null));
    }

    private static Optional<JsonNode> ifExists(Supplier<JsonNode> lookup) {
        try {
            return Optional.of(lookup.get());
        } catch (SluiceException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
