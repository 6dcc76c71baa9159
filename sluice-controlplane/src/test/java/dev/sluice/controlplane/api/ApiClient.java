package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small java.net.http client of the management API for tests. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http;
    private final String baseUrl;
    private final String token;

    ApiClient(String baseUrl, String token) {
        this(HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), baseUrl, token);
    }

    ApiClient(HttpClient http, String baseUrl, String token) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    ApiClient withToken(String otherToken) {
        return new ApiClient(http, baseUrl, otherToken);
    }

    Answer get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    Answer delete(String path) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    Answer head(String path) {
        return send("HEAD", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    Answer post(String path, String json) {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    Answer put(String path, String json) {
        return send("PUT", path, HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    /** A PUT with {@code If-Match: ifMatch}. */
    Answer putIfMatch(String path, String json, String ifMatch) {
        return send("PUT", path, HttpRequest.BodyPublishers.ofString(json), "application/json", "If-Match", ifMatch);
    }

    Answer putZip(String path, byte[] zip) {
        return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(zip), "application/zip");
    }

    Answer send(String method, String path, HttpRequest.BodyPublisher body, String contentType,
                String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    new String(response.body(), StandardCharsets.UTF_8), response.headers().firstValue("etag")
                    .orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One answer: status, content type, body text and ETag (null when none). */
    record Answer(int status, String contentType, String body, String etag) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }

        String errorMessage() {
            return json().path("error").path("message").asText();
        }
    }
}
