package dev.sluice.server.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP proxy in front of the management API that holds the first {@code hold} PUTs to one path until
 * all of them have arrived, then lets them through together: each caller has read the resource before any of them
 * writes, the interleaving that loses an update without optimistic concurrency. Later PUTs pass at once.
 */
final class HoldingProxy implements AutoCloseable {

    private static final Set<String> FORWARDED = Set.of("authorization", "content-type", "accept", "if-match");
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(20);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final String heldPath;
    private final CountDownLatch arrived;
    private final List<Integer> heldPathStatuses = new CopyOnWriteArrayList<>();

    HoldingProxy(URI target, String heldPath, int hold) throws IOException {
        this.target = target;
        this.heldPath = heldPath;
        this.arrived = new CountDownLatch(hold);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The statuses the API answered the PUTs to the held path with, in order. */
    List<Integer> statuses() {
        return List.copyOf(heldPathStatuses);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            boolean held = exchange.getRequestMethod().equals("PUT")
                    && exchange.getRequestURI().getRawPath().equals(heldPath);
            if (held && arrived.getCount() > 0) {
                arrived.countDown();
                arrived.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (held) {
                heldPathStatuses.add(response.statusCode());
            }
            response.headers().firstValue("content-type")
                    .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            response.headers().firstValue("etag").ifPresent(v -> exchange.getResponseHeaders().set("ETag", v));
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
