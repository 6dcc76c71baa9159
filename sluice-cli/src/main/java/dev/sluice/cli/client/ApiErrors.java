package dev.sluice.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.util.Optional;

/**
 * Turns a non-2xx answer of the management API ({@code {"error":{"code","message","target"}}}) back into the
 * {@link SluiceException} the server threw, so that the CLI shows the server's own message and code.
 */
final class ApiErrors {

    private static final int MAX_SHOWN_BODY = 300;

    private ApiErrors() {
    }

    static SluiceException toException(ObjectMapper json, int status, String body, String what) {
        Optional<JsonNode> error = parse(json, body).map(root -> root.path("error")).filter(JsonNode::isObject);
        if (error.isPresent() && error.get().path("message").isTextual()) {
            JsonNode e = error.get();
            ErrorCode code = byAzureName(e.path("code").asText("")).orElse(byStatus(status));
            String target = e.path("target").isTextual() ? e.path("target").asText() : null;
            return SluiceException.of(code, e.path("message").asText(), target);
        }
        String shown = body == null ? "" : body.strip();
        if (shown.length() > MAX_SHOWN_BODY) {
            shown = shown.substring(0, MAX_SHOWN_BODY) + "…";
        }
        return SluiceException.of(byStatus(status),
                what + " answered HTTP " + status + (shown.isEmpty() ? " with an empty body" : ": " + shown));
    }

    /** The code whose {@link ErrorCode#azureName()} is {@code name}, as the server wrote it. */
    static Optional<ErrorCode> byAzureName(String name) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.azureName().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    private static ErrorCode byStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.BAD_ARGUMENT;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 409 -> ErrorCode.CONFLICT;
            case 412 -> ErrorCode.PRECONDITION_FAILED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 503 -> ErrorCode.NO_READY_INSTANCE;
            default -> ErrorCode.INTERNAL;
        };
    }

    private static Optional<JsonNode> parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
