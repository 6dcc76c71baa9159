package dev.sluice.gateway.testkit;

import dev.sluice.core.routing.InstanceRoute;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in worker: a real Vert.x HTTP server on a loopback port that answers with its own name, and can be
 * told to be slow, hold requests, fail, close the connection or answer as the worker itself would.
 */
public final class FakeWorker implements AutoCloseable {

    /** What a request looked like when it reached the worker. */
    public record Seen(String method, String uri, MultiMap headers, Buffer body) {
    }

    /** How the worker answers; set with {@link #behave(Behaviour)}. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(FakeWorker worker, HttpServerRequest request, Buffer body);
    }

    private final Vertx vertx;
    private final String name;
    private final HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
    private volatile Behaviour behaviour = FakeWorker::answerOk;
    /** For a worker on a Unix socket: its path and a TCP port with nothing listening, so only the socket answers. */
    private String socket;
    private int deadPort;

    private FakeWorker(Vertx vertx, String name, HttpServer server) {
        this.vertx = vertx;
        this.name = name;
        this.server = server;
        server.connectionHandler(connection -> connections.incrementAndGet());
    }

    public static FakeWorker start(Vertx vertx, String name) throws Exception {
        FakeWorker[] self = new FakeWorker[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> self[0].handle(request));
        self[0] = new FakeWorker(vertx, name, server);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return self[0];
    }

    /** A worker answering on a Unix domain socket only (the Vert.x instance needs its native transport). */
    public static FakeWorker startOnSocket(Vertx vertx, String name, Path socket) throws Exception {
        FakeWorker[] self = new FakeWorker[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> self[0].handle(request));
        self[0] = new FakeWorker(vertx, name, server);
        server.listen(SocketAddress.domainSocketAddress(socket.toString()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        self[0].socket = socket.toString();
        try (ServerSocket free = new ServerSocket(0)) {
            self[0].deadPort = free.getLocalPort();
        }
        return self[0];
    }

    public FakeWorker behave(Behaviour next) {
        behaviour = next;
        return this;
    }

    /** The route the gateway uses; the instance id is the worker's name. */
    public InstanceRoute route() {
        if (socket != null) {
            return new InstanceRoute(name, "127.0.0.1", deadPort, socket);
        }
        return InstanceRoute.tcp(name, "127.0.0.1", server.actualPort());
    }

    public String name() {
        return name;
    }

    /** Connections the gateway opened to this worker. */
    public int connectionsOpened() {
        return connections.get();
    }

    /** Requests whose whole body arrived. */
    public int received() {
        return received.get();
    }

    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    public Seen last() {
        List<Seen> all = seen();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    public int heldCount() {
        return held.size();
    }

    /** Answers every held request normally. */
    public void releaseHeld() {
        vertx.runOnContext(v -> {
            HttpServerRequest request;
            while ((request = held.poll()) != null) {
                answerOk(this, request, Buffer.buffer());
            }
        });
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        if (behaviour == CLOSE) {
            request.connection().close();
            return;
        }
        if (behaviour == ANSWER_AT_ONCE) {
            request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{\"early\":true}");
            return;
        }
        request.body().onSuccess(body -> {
            received.incrementAndGet();
            seen.add(new Seen(request.method().name(), request.uri(),
                    HttpHeaders.headers().addAll(request.headers()), body));
            behaviour.answer(this, request, body);
        });
    }

    // ---- behaviours ----

    /** 200 with {@code {"worker": name, "uri": ..., "bodyLength": n}}. */
    public static void answerOk(FakeWorker worker, HttpServerRequest request, Buffer body) {
        String json = new JsonObject().put("worker", worker.name).put("uri", request.uri())
                .put("bodyLength", body.length()).encode();
        request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("x-request-id", String.valueOf(request.getHeader("x-request-id")))
                .putHeader("connection", "keep-alive")
                .putHeader("keep-alive", "timeout=60")
                .end(json);
    }

    public static Behaviour delayed(Duration delay) {
        return (worker, request, body) -> worker.vertx.setTimer(delay.toMillis(),
                id -> answerOk(worker, request, body));
    }

    /** Never answers until {@link #releaseHeld()}. */
    public static Behaviour hold() {
        return (worker, request, body) -> worker.held.add(request);
    }

    /** The scoring code answering a non-2xx status. */
    public static Behaviour status(int status, String reason, String body) {
        return (worker, request, ignored) -> request.response().setStatusCode(status).setStatusMessage(reason)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    /** An answer the worker made itself (queue full, timeout, …), marked with x-sluice-error. */
    public static Behaviour workerError(int status, String code, String body) {
        return (worker, request, ignored) -> request.response().setStatusCode(status)
                .putHeader("x-sluice-error", code).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    /** 200 with these bytes as the body. */
    public static Behaviour bytes(Buffer payload) {
        return (worker, request, ignored) -> request.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream").end(payload);
    }

    /** Promises a 100-byte answer, sends 10 bytes of it and closes (a crash mid-answer). */
    public static final Behaviour CUT_OFF = (worker, request, body) -> {
        request.response().putHeader(HttpHeaders.CONTENT_LENGTH, "100").write("{\"partial\"");
        worker.vertx.setTimer(50, id -> request.connection().close());
    };

    /**
     * Sends the head of an answer of unknown length (chunked and gzip-encoded, as a streaming model's worker may
     * send it before it has any output) and none of its body.
     */
    public static final Behaviour HEAD_ONLY = (worker, request, body) -> request.response().setChunked(true)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").putHeader(HttpHeaders.CONTENT_ENCODING, "gzip")
            .writeHead();

    /** {@link #HEAD_ONLY}, then closes (a crash before any output). */
    public static final Behaviour HEAD_THEN_CLOSE = (worker, request, body) -> {
        HEAD_ONLY.answer(worker, request, body);
        worker.vertx.setTimer(50, id -> request.connection().close());
    };

    /** Sends the head and a first piece of an answer of unknown length (chunked), then closes (a crash mid-answer). */
    public static final Behaviour PIECE_THEN_CLOSE = (worker, request, body) -> {
        request.response().setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").write("first piece");
        worker.vertx.setTimer(50, id -> request.connection().close());
    };

    /** 200 with its own answer, keeping the connection, as soon as a request's head arrives: before its body. */
    public static final Behaviour ANSWER_AT_ONCE = (worker, request, body) -> { };

    /** 200 as {@link #answerOk}, then the worker closes the connection ({@code Connection: close}). */
    public static final Behaviour ANSWER_AND_CLOSE = (worker, request, body) -> request.response()
            .putHeader(HttpHeaders.CONNECTION, "close").putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(new JsonObject().put("worker", worker.name).encode());

    /** Closes the connection as soon as a request arrives (a crash mid-request). */
    public static final Behaviour CLOSE = (worker, request, body) -> request.connection().close();
}
