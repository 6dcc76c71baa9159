package dev.sluice.worker.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A tiny HTTP/1.1 client for tests against a worker on loopback. */
public final class Http {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final String base;

    private Http(String base) {
        this.base = base;
    }

    public static Http to(int port) {
        return new Http("http://127.0.0.1:" + port);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build());
    }

    /** Any method, with a body (empty for none) and header name/value pairs. */
    public HttpResponse<String> request(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(postRequest(path, body, headers));
    }

    public CompletableFuture<HttpResponse<String>> postAsync(String path, String body, String... headers) {
        return client.sendAsync(postRequest(path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    /** A request that the client itself gives up on after {@code timeout}, closing its connection. */
    public CompletableFuture<HttpResponse<String>> postAsyncGivingUpAfter(Duration timeout, String path, String body,
                                                                         String... headers) {
        return client.sendAsync(postRequest(timeout, path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of raw bytes (binary tensor data), its answer as bytes. */
    public HttpResponse<byte[]> postBytes(String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest postRequest(String path, String body, String... headers) {
        return postRequest(TIMEOUT, path, body, headers);
    }

    private HttpRequest postRequest(Duration timeout, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b.build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
