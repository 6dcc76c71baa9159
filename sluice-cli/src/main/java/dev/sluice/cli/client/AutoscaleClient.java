package dev.sluice.cli.client;

import static dev.sluice.cli.client.ApiRequests.API;
import static dev.sluice.cli.client.ApiRequests.deploymentPath;
import static dev.sluice.cli.client.ApiRequests.encode;

import com.fasterxml.jackson.databind.JsonNode;

/** The management API's autoscale routes (docs/internals.md): settings in Azure Monitor's JSON, and history. */
public final class AutoscaleClient {

    private final ApiRequests requests;
    /** Appended to creates and updates: "" or {@code ?strict=true}. */
    private final String writeQuery;

    AutoscaleClient(ApiRequests requests, String writeQuery) {
        this.requests = requests;
        this.writeQuery = writeQuery;
    }

    /** POST: a new setting; the server answers 409 when the deployment has one. */
    public JsonNode create(String endpoint, String deployment, String settingJson) {
        return requests.callWithJson("POST", settingPath(endpoint, deployment) + writeQuery, settingJson);
    }

    /** PUT: replaces the deployment's setting; 404 when it has none. */
    public JsonNode update(String endpoint, String deployment, String settingJson) {
        return requests.callWithJson("PUT", settingPath(endpoint, deployment) + writeQuery, settingJson);
    }

    public JsonNode show(String endpoint, String deployment) {
        return requests.get(settingPath(endpoint, deployment));
    }

    /**
     * DELETE: {@code {}}, or {@code {"instance_count", "message"}} when the deployment had no instance and was given
     * some (nothing would wake it without the setting).
     */
    public JsonNode delete(String endpoint, String deployment) {
        return requests.callWithJson("DELETE", settingPath(endpoint, deployment), null);
    }

    /** {@code {"value": [...]}}: every setting, or the endpoint's when {@code endpoint} is not null. */
    public JsonNode list(String endpoint) {
        return requests.get(API + "autoscale" + (endpoint == null ? "" : "?endpoint=" + encode(endpoint)));
    }

    /** {@code {"value": [...]}}: the deployment's decisions, oldest first, at most {@code limit}. */
    public JsonNode history(String endpoint, String deployment, int limit) {
        return requests.get(settingPath(endpoint, deployment) + "/history?limit=" + limit);
    }

    private static String settingPath(String endpoint, String deployment) {
        return deploymentPath(endpoint, deployment) + "/autoscale";
    }
}
