package dev.sluice.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Sends requests and turns every transport failure into one readable {@link SluiceException}:
 * refused connections, timeouts and TLS failures name the URL and say what to check.
 */
final class ApiTransport {

    /** Loopback connects are instant unless the machine is saturated; then a few seconds are normal. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http;
    private final ServerConnection connection;
    private final ObjectMapper json;

    ApiTransport(HttpClient http, ServerConnection connection, ObjectMapper json) {
        this.http = http;
        this.connection = connection;
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    /** A request to the management API, with the admin token. */
    HttpRequest.Builder api(String path, Duration timeout) {
        return HttpRequest.newBuilder(connection.apiUrl().resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + connection.token())
                .header("Accept", "application/json");
    }

    /** Sends and expects 2xx; otherwise throws the server's error. */
    HttpResponse<String> expectSuccess(HttpRequest request) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw ApiErrors.toException(json, response.statusCode(), response.body(), describe(request));
        }
        return response;
    }

    JsonNode expectJson(HttpRequest request) {
        return json(request, expectSuccess(request));
    }

    /** The JSON answer with its {@code ETag} header. */
    TaggedResource expectTagged(HttpRequest request) {
        HttpResponse<String> response = expectSuccess(request);
        return new TaggedResource(json(request, response), response.headers().firstValue("ETag").orElse(null));
    }

    private JsonNode json(HttpRequest request, HttpResponse<String> response) {
        try {
            return json.readTree(response.body().isBlank() ? "{}" : response.body());
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.INTERNAL, describe(request) + " answered " + response.statusCode()
                    + " with a body that is not JSON (expected: a Sluice management API)");
        }
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SluiceException.of(ErrorCode.INTERNAL, "interrupted while waiting for " + describe(request));
        } catch (IOException e) {
            throw translate(request.uri(), e);
        }
    }

    private String describe(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    private SluiceException translate(URI uri, IOException e) {
        String server = uri.getScheme() + "://" + uri.getAuthority();
        if (e instanceof HttpConnectTimeoutException) {
            return SluiceException.of(ErrorCode.NOT_READY, "the server at " + server + " did not accept a connection within "
                    + CONNECT_TIMEOUT.toSeconds() + "s" + hint());
        }
        if (e instanceof HttpTimeoutException) {
            return SluiceException.of(ErrorCode.REQUEST_TIMEOUT, "the server at " + server
                    + " did not answer in time (" + uri.getPath() + ")");
        }
        if (causedBy(e, ConnectException.class)) {
            return SluiceException.of(ErrorCode.NOT_READY, "no server answers at " + server
                    + " (connection refused)" + hint());
        }
        if (causedBy(e, SSLException.class)) {
            String trust = connection.caCert() == null
                    ? "pass --ca-cert with the server's CA certificate (its data folder's tls/ca.pem)"
                    : "a certificate for " + uri.getHost() + " signed by the CA in " + connection.caCert();
            return SluiceException.of(ErrorCode.BAD_ARGUMENT, "TLS with " + server + " failed: "
                    + rootMessage(e) + " (expected: " + trust + ")");
        }
        String tlsHint = "http".equals(uri.getScheme()) ? "; if the server speaks HTTPS, use an https:// URL" : "";
        return SluiceException.of(ErrorCode.NOT_READY, "request to " + server + " failed: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()) + tlsHint);
    }

    private String hint() {
        return "--server".equals(connection.origin())
                ? "; check --server"
                : "; " + connection.origin() + " may be left from a server that has stopped: start one with `sluice server`";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
