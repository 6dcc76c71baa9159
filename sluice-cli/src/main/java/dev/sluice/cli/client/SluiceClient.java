package dev.sluice.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.KeyType;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetSpec;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import java.io.FileNotFoundException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A small client of the management REST API (docs/internals.md) over {@code java.net.http}. Answers are the
 * server's JSON as is; failures are {@link SluiceException}s with the server's error code and message.
 * Never logs or prints the admin token or endpoint keys.
 */
public final class SluiceClient {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);
    /** Longer than the longest request_timeout_ms a deployment may have (300 s). */
    static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(330);
    private static final String API = "api/v1/";

    private final ApiTransport transport;
    private final ServerConnection connection;
    private final ObjectMapper json;
    /** Appended to creates and updates of endpoints, deployments and autoscale settings: "" or {@code ?strict=true}. */
    private final String writeQuery;

    private SluiceClient(ApiTransport transport, ServerConnection connection, ObjectMapper json, String writeQuery) {
        this.transport = transport;
        this.connection = connection;
        this.json = json;
        this.writeQuery = writeQuery;
    }

    /** This client, whose creates and updates are refused when the spec has warnings ({@code --strict}). */
    public SluiceClient strict() {
        return new SluiceClient(transport, connection, json, "?strict=true");
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
        ObjectMapper json = new ObjectMapper();
        URI base = connection.apiUrl().getPath().endsWith("/") ? connection.apiUrl()
                : URI.create(connection.apiUrl() + "/");
        ServerConnection normalized = new ServerConnection(base, connection.token(), connection.caCert(),
                connection.origin());
        return new SluiceClient(new ApiTransport(http.build(), normalized, json), normalized, json, "");
    }

    public ServerConnection connection() {
        return connection;
    }

    /** The autoscale routes; creates and updates are strict when this client is. */
    public AutoscaleClient autoscale() {
        return new AutoscaleClient(transport, writeQuery);
    }

    /** {@code {"version","apiUrl","gatewayUrl"}}. */
    public JsonNode serverInfo() {
        return get(API + "server");
    }

    public ArrayNode listEndpoints() {
        return values(get(API + "endpoints"));
    }

    public JsonNode getEndpoint(String name) {
        return get(endpointPath(name));
    }

    /** The endpoint with its ETag, for a read-modify-write. */
    public TaggedResource readEndpoint(String name) {
        return transport.expectTagged(transport.api(endpointPath(name), CALL_TIMEOUT).GET().build());
    }

    /** The endpoint, or empty once it is gone (404). */
    public Optional<JsonNode> findEndpoint(String name) {
        return ifExists(() -> getEndpoint(name));
    }

    public JsonNode createEndpoint(EndpointSpec spec) {
        return call("POST", API + "endpoints" + writeQuery, spec);
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
        return call("PUT", endpointPath(spec.name()) + writeQuery, spec, ifMatch);
    }

    public void deleteEndpoint(String name) {
        call("DELETE", endpointPath(name), null);
    }

    /** The endpoint's keys: only for callers who asked for them (get-credentials, invoke). */
    public EndpointKeys listKeys(String name) {
        JsonNode keys = call("POST", endpointPath(name) + "/listKeys", null);
        return new EndpointKeys(keys.path("primaryKey").asText(null), keys.path("secondaryKey").asText(null));
    }

    public JsonNode regenerateKeys(String name, KeyType keyType) {
        return call("POST", endpointPath(name) + "/regenerateKeys", Map.of("keyType", keyType.wire()));
    }

    /** {@code {"accessToken","expiryTimeUtc","refreshAfterTimeUtc"}} of an aml_token endpoint. */
    public JsonNode getToken(String name) {
        return get(endpointPath(name) + "/token");
    }

    /** A management token; the answer holds its secret, this once. */
    public JsonNode createToken(String role, String name) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("role", role);
        if (name != null) {
            body.put("name", name);
        }
        return call("POST", API + "tokens", body);
    }

    public ArrayNode listTokens() {
        return values(get(API + "tokens"));
    }

    public void revokeToken(String id) {
        call("DELETE", API + "tokens/" + encode(id), null);
    }

    /** {@code {"current","keys"}} after a new aml_token signing key took over. */
    public JsonNode rotateSigningKey() {
        return call("POST", API + "signing-keys/rotate", null);
    }

    /** The newest {@code limit} audit entries, newest first. */
    public ArrayNode audit(int limit) {
        return values(get(API + "audit?limit=" + limit));
    }

    public ArrayNode listDeployments(String endpoint) {
        return values(get(endpointPath(endpoint) + "/deployments"));
    }

    public JsonNode getDeployment(String endpoint, String name) {
        return get(deploymentPath(endpoint, name));
    }

    /** The deployment with its ETag, for a read-modify-write. */
    public TaggedResource readDeployment(String endpoint, String name) {
        return transport.expectTagged(transport.api(deploymentPath(endpoint, name), CALL_TIMEOUT).GET().build());
    }

    public Optional<JsonNode> findDeployment(String endpoint, String name) {
        return ifExists(() -> getDeployment(endpoint, name));
    }

    public JsonNode createDeployment(String endpoint, DeploymentSpec spec) {
        return call("POST", endpointPath(endpoint) + "/deployments" + writeQuery, spec);
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
        return call("PUT", deploymentPath(endpoint, spec.name()) + writeQuery, spec, ifMatch);
    }

    public void deleteDeployment(String endpoint, String name) {
        call("DELETE", deploymentPath(endpoint, name), null);
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
        HttpRequest request = transport.api(path, CALL_TIMEOUT).setHeader("Accept", "text/plain").GET().build();
        return transport.expectSuccess(request).body();
    }

    /** Registered versions of {@code name} (of every name when null), archived ones only when asked. */
    public ArrayNode listAssets(AssetKind kind, String name, boolean includeArchived) {
        StringBuilder query = new StringBuilder("?includeArchived=").append(includeArchived);
        if (name != null) {
            query.append("&name=").append(encode(name));
        }
        return values(get(API + kind.plural() + query));
    }

    public JsonNode getAsset(AssetKind kind, String name, String version) {
        return get(assetPath(kind, name, version));
    }

    /** The version registered last that is not archived. */
    public JsonNode latestAsset(AssetKind kind, String name) {
        return get(API + kind.plural() + "/" + encode(name) + "/latest");
    }

    public JsonNode createAsset(AssetSpec spec) {
        return call("POST", API + spec.kind().plural(), spec);
    }

    /** Archives ({@code true}) or restores a version. */
    public JsonNode setAssetArchived(AssetKind kind, String name, String version, boolean archived) {
        return call("POST", assetPath(kind, name, version) + (archived ? "/archive" : "/restore"), null);
    }

    /** Writes the artifact's zip to {@code zip}. */
    public void downloadArtifact(ArtifactRef ref, Path zip) {
        HttpRequest request = transport.api(API + "artifacts/" + ref.hex(), UPLOAD_TIMEOUT)
                .setHeader("Accept", "application/zip").GET().build();
        HttpResponse<Path> response = transport.send(request, HttpResponse.BodyHandlers.ofFile(zip));
        if (response.statusCode() != 200) {
            String body;
            try {
                body = java.nio.file.Files.readString(zip);
            } catch (java.io.IOException e) {
                body = "";
            }
            throw ApiErrors.toException(json, response.statusCode(), body, "GET " + request.uri());
        }
    }

    /** HEAD: 200 means the server already has it, 404 that it does not. */
    public boolean hasArtifact(ArtifactRef ref) {
        HttpRequest request = transport.api(API + "artifacts/" + ref.hex(), CALL_TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        int status = transport.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 404) {
            return status == 200;
        }
        throw ApiErrors.toException(json, status, "", "HEAD " + request.uri());
    }

    /** Streams {@code zip} (a zip of the artifact's tree) to the server. */
    public void putArtifact(ArtifactRef ref, Path zip) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(zip);
        } catch (FileNotFoundException e) {
            throw SluiceException.of(ErrorCode.INTERNAL, "the artifact archive " + zip + " disappeared before its upload");
        }
        HttpRequest request = transport.api(API + "artifacts/" + ref.hex(), UPLOAD_TIMEOUT)
                .header("Content-Type", "application/zip").PUT(body).build();
        transport.expectSuccess(request);
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
        HttpResponse<String> response = transport.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new InvokeResult(response.statusCode(), response.body(),
                response.headers().firstValue("azureml-model-deployment").orElse(null),
                response.headers().firstValue("x-request-id").orElse(null));
    }

    private JsonNode get(String path) {
        return transport.expectJson(transport.api(path, CALL_TIMEOUT).GET().build());
    }

    private JsonNode call(String method, String path, Object body) {
        return call(method, path, body, null);
    }

    private JsonNode call(String method, String path, Object body, String ifMatch) {
        HttpRequest.Builder request = transport.api(path, CALL_TIMEOUT);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(
                    toJson(body), StandardCharsets.UTF_8));
        }
        return transport.expectJson(request.build());
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot write the request as JSON", e);
        }
    }

    private static ArrayNode values(JsonNode list) {
        JsonNode value = list.path("value");
        if (!value.isArray()) {
            throw SluiceException.of(ErrorCode.INTERNAL, "the server's list has no \"value\" array");
        }
        return (ArrayNode) value;
    }

    private static Optional<JsonNode> ifExists(java.util.function.Supplier<JsonNode> lookup) {
        try {
            return Optional.of(lookup.get());
        } catch (SluiceException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String assetPath(AssetKind kind, String name, String version) {
        return API + kind.plural() + "/" + encode(name) + "/versions/" + encode(version);
    }

    private static String endpointPath(String name) {
        return API + "endpoints/" + encode(name);
    }

    private static String deploymentPath(String endpoint, String name) {
        return endpointPath(endpoint) + "/deployments/" + encode(name);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
