package dev.sluice.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A programmable stand-in for the management API in tests: real HTTP(S) on loopback port 0, answers set per
 * method and path, and a record of every request. Unknown routes answer the API's 404 error body.
 */
public final class StubApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the stub received it. */
    public record Request(String method, String path, String query, Headers headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** One answer; {@code headers} are set besides the content type. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        public Response withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, contentType, body, Map.copyOf(more));
        }

        public static Response json(int status, String body) {
            return new Response(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }

        public static Response json(int status, JsonNode body) {
            return json(status, body.toString());
        }

        public static Response text(int status, String body) {
            return new Response(status, "text/plain", body.getBytes(StandardCharsets.UTF_8));
        }

        public static Response error(int status, String code, String message) {
            return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"target\":null}}");
        }

        public static Response empty(int status) {
            return new Response(status, null, new byte[0]);
        }
    }

    /** Computes an answer. */
    @FunctionalInterface
    public interface Responder {
        Response respond(Request request) throws IOException;
    }

    private final HttpServer server;
    private final String scheme;
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private StubApi(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", this::handle);
        server.start();
    }

    public static StubApi http() throws IOException {
        return new StubApi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    public static StubApi https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new StubApi(server, "https");
    }

    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    public StubApi on(String method, String path, Responder responder) {
        routes.put(method + " " + path, responder);
        return this;
    }

    public StubApi on(String method, String path, Response response) {
        return on(method, path, request -> response);
    }

    /** Answers the responses in turn; the last one again and again. */
    public StubApi onSequence(String method, String path, Response... responses) {
        Deque<Response> queue = new ArrayDeque<>(List.of(responses));
        return on(method, path, request -> {
            synchronized (queue) {
                return queue.size() > 1 ? queue.poll() : queue.peek();
            }
        });
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders(), in.readAllBytes());
            requests.add(request);
            Responder responder = routes.get(request.method() + " " + request.path());
            Response response = responder == null
                    ? Response.error(404, "ResourceNotFound", "no stub for " + request.method() + " " + request.path())
                    : responder.respond(request);
            if (response.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
            }
            response.headers().forEach(exchange.getResponseHeaders()::set);
            boolean noBody = response.body().length == 0 || request.method().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
