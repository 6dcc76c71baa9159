package dev.sluice.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.ErrorBody;
import dev.sluice.core.error.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes answers: JSON documents, plain text and the one error shape, {@code {"error":{code,message,target}}}. */
final class Replies {

    static final String JSON = "application/json; charset=utf-8";

    private final ObjectMapper mapper;

    Replies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    void json(RoutingContext ctx, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; this is a bug, reported as such by the failure handler.
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
        send(ctx, status, JSON, Buffer.buffer(bytes));
    }

    void text(RoutingContext ctx, int status, String contentType, String body) {
        send(ctx, status, contentType, Buffer.buffer(body));
    }

    /**
     * An error answered with the status {@link ApiStatus} gives its code; {@code target} may be null. Never holds
     * a stack trace or a credential.
     */
    void error(RoutingContext ctx, ErrorCode code, String message, String target) {
        error(ctx, ApiStatus.TABLE.status(code), code, message, target);
    }

    /** An error with a status of Vert.x Web's own (405, a malformed request) rather than its code's. */
    void error(RoutingContext ctx, int status, ErrorCode code, String message, String target) {
        send(ctx, status, JSON, Buffer.buffer(ErrorBody.json(code, message, target)));
    }

    ObjectNode empty() {
        return mapper.createObjectNode();
    }

    private static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        // For HEAD, Vert.x sends the headers (with the length) and leaves the body out.
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
    }
}
