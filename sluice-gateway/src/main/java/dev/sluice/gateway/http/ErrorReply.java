package dev.sluice.gateway.http;

import dev.sluice.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Writes the gateway's own answers: {@code {"error":{"code":"<azureName>","message":"..."}}}. */
public final class ErrorReply {

    private static final String RETRY_AFTER_SECONDS = "1";

    private ErrorReply() {
    }

    /** Sets status, JSON content type and the headers the code calls for, and ends the response. */
    public static Future<Void> send(HttpServerResponse response, ErrorCode code, String message) {
        response.setStatusCode(GatewayStatus.of(code));
        MultiMap headers = response.headers();
        headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
        if (code == ErrorCode.TOO_MANY_REQUESTS) {
            headers.set(GatewayHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        } else if (code == ErrorCode.UNAUTHORIZED) {
            headers.set(GatewayHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.end(Buffer.buffer(json(code, message)));
    }

    public static String json(ErrorCode code, String message) {
        StringBuilder out = new StringBuilder(48 + message.length());
        out.append("{\"error\":{\"code\":\"").append(code.azureName()).append("\",\"message\":\"");
        escape(message, out);
        return out.append("\"}}").toString();
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
