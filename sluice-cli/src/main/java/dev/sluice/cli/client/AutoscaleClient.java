package dev.sluice.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** The management API's autoscale routes (docs/internals.md): settings in Azure Monitor's JSON, and history. */
public final class AutoscaleClient {

    private final ApiTransport transport;
    /** Appended to creates and updates: "" or {@code ?strict=true}. */
    private final String writeQuery;

    AutoscaleClient(ApiTransport transport, String writeQuery) {
        this.transport = transport;
        this.writeQuery = writeQuery;
    }

    /** POST: a new setting; the server answers 409 when the deployment has one. */
    public JsonNode create(String endpoint, String deployment, String settingJson) {
        return send("POST", settingPath(endpoint, deployment) + writeQuery, settingJson);
    }

    /** PUT: replaces the deployment's setting; 404 when it has none. */
    public JsonNode update(String endpoint, String deployment, String settingJson) {
        return send("PUT", settingPath(endpoint, deployment) + writeQuery, settingJson);
    }

    public JsonNode show(String endpoint, String deployment) {
        return get(settingPath(endpoint, deployment));
    }

    /**
     * DELETE: {@code {}}, or {@code {"instance_count", "message"}} when the deployment had no instance and was given
     * some (nothing would wake it without the setting).
     */
    public JsonNode delete(String endpoint, String deployment) {
        return send("DELETE", settingPath(endpoint, deployment), null);
    }

    /** {@code {"value": [...]}}: every setting, or the endpoint's when {@code endpoint} is not null. */
    public JsonNode list(String endpoint) {
        return get("api/v1/autoscale" + (endpoint == null ? "" : "?endpoint=" + encode(endpoint)));
    }

    /** {@code {"value": [...]}}: the deployment's decisions, oldest first, at most {@code limit}. */
    public JsonNode history(String endpoint, String deployment, int limit) {
        return get(settingPath(endpoint, deployment) + "/history?limit=" + limit);
    }

    private JsonNode get(String path) {
        return transport.expectJson(transport.api(path, SluiceClient.CALL_TIMEOUT).GET().build());
    }

    private JsonNode send(String method, String path, String json) {
        HttpRequest.Builder request = transport.api(path, SluiceClient.CALL_TIMEOUT);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        return transport.expectJson(request.build());
    }

    private static String settingPath(String endpoint, String deployment) {
        return "api/v1/endpoints/" + encode(endpoint) + "/deployments/" + encode(deployment) + "/autoscale";
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
