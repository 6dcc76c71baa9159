package dev.sluice.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The management API's JSON exchanges, shared by the clients of each resource family: paths under
 * {@code api/v1/}, bodies written as JSON, answers read as JSON. Sending and its failures are the
 * {@link ApiTransport}'s.
 */
final class ApiRequests {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final String API = "api/v1/";

    private final ApiTransport transport;

    ApiRequests(ApiTransport transport) {
        this.transport = transport;
    }

    ApiTransport transport() {
        return transport;
    }

    JsonNode get(String path) {
        return transport.expectJson(transport.api(path, CALL_TIMEOUT).GET().build());
    }

    /** A {@code text/plain} answer as is. */
    String getText(String path) {
        HttpRequest request = transport.api(path, CALL_TIMEOUT).setHeader("Accept", "text/plain").GET().build();
        return transport.expectSuccess(request).body();
    }

    /** The JSON answer with its ETag, for a read-modify-write. */
    TaggedResource getTagged(String path) {
        return transport.expectTagged(transport.api(path, CALL_TIMEOUT).GET().build());
    }

    /** The {@code value} array of a list answer. */
    ArrayNode list(String path) {
        JsonNode value = get(path).path("value");
        if (!value.isArray()) {
            throw SluiceException.of(ErrorCode.INTERNAL, "the server's list has no \"value\" array");
        }
        return (ArrayNode) value;
    }

    /** {@code body} (null: none) written as JSON. */
    JsonNode call(String method, String path, Object body) {
        return call(method, path, body, null);
    }

    /** {@code body} (null: none) written as JSON, with {@code If-Match} unless {@code ifMatch} is null. */
    JsonNode call(String method, String path, Object body, String ifMatch) {
        return send(method, path, body == null ? null : toJson(body), ifMatch);
    }

    /** A body that is JSON already (null: none), such as a setting the user wrote. */
    JsonNode callWithJson(String method, String path, String json) {
        return send(method, path, json, null);
    }

    private JsonNode send(String method, String path, String json, String ifMatch) {
        HttpRequest.Builder request = transport.api(path, CALL_TIMEOUT);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        return transport.expectJson(request.build());
    }

    private String toJson(Object body) {
        try {
            return transport.json().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot write the request as JSON", e);
        }
    }

    static String endpointPath(String name) {
        return API + "endpoints/" + encode(name);
    }

    static String deploymentPath(String endpoint, String name) {
        return endpointPath(endpoint) + "/deployments/" + encode(name);
    }

    /** One path segment, percent-encoded (spaces as {@code %20}, not {@code +}). */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
