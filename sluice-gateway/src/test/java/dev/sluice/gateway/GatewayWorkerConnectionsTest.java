package dev.sluice.gateway;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.gateway.testkit.Answer;
import dev.sluice.gateway.testkit.FakeWorker;
import dev.sluice.gateway.testkit.GatewayFixture;
import dev.sluice.gateway.testkit.GatewayTests;
import dev.sluice.gateway.testkit.RawHttp;
import dev.sluice.gateway.testkit.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway's keep-alive connections to workers: when one is reused, and when it must not be. */
class GatewayWorkerConnectionsTest {

    @RegisterExtension
    static final GatewayTests gateways = GatewayTests.create();

    private GatewayFixture gw;

    /** One event loop, so every request goes through the same loop's connections. */
    private FakeWorker serveOneWorker(FakeWorker.Behaviour behaviour) throws Exception {
        gw = gateways.start(o -> o.withServerInstances(1).withMaxRequestBytes(1024 * 1024));
        FakeWorker w = gw.worker("b1").behave(behaviour);
        gw.publish(endpoint("ep", traffic("blue", 100), null, deployment("blue", Duration.ofSeconds(5), 4, w.route())));
        return w;
    }

    @Test
    void requestsOneAfterAnotherShareOneConnectionToTheWorker() throws Exception {
        FakeWorker w = serveOneWorker(FakeWorker::answerOk);
        for (int i = 0; i < 5; i++) {
            assertThat(gw.post("/endpoints/ep/score").body("{\"i\":" + i + "}").send().status()).isEqualTo(200);
        }
        assertThat(w.received()).isEqualTo(5);
        assertThat(w.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void aWorkerThatClosesAfterAnsweringGetsANewConnectionForTheNextRequest() throws Exception {
        FakeWorker w = serveOneWorker(FakeWorker.ANSWER_AND_CLOSE);
        for (int i = 0; i < 3; i++) {
            Answer a = gw.post("/endpoints/ep/score").body("{}").send();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.json().getString("worker")).isEqualTo("b1");
        }
        assertThat(w.connectionsOpened()).isEqualTo(3);
    }

    /**
     * A worker that answers while a large body is still on its way: the answer reaches the caller, and that
     * connection is not reused, since the rest of the body would be read as the next request.
     */
    @Test
    void aConnectionAnsweredBeforeTheWholeBodyWasSentIsNotReused() throws Exception {
        FakeWorker w = serveOneWorker(FakeWorker.ANSWER_AT_ONCE);
        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // Larger than what is read whole first, so the head goes on before the body; most of it never comes.
            out.write(("POST /endpoints/ep/score HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + Routes.PRIMARY_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n"
                    + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 200");
        }

        w.behave(FakeWorker::answerOk);
        Answer next = gw.post("/endpoints/ep/score").body("{\"after\":1}").send();
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.json().getInteger("bodyLength")).isEqualTo("{\"after\":1}".length());
        assertThat(w.connectionsOpened()).isEqualTo(2);
    }

    /** A request without a body must still end on the worker connection, or the next one cannot be written. */
    @Test
    void requestsWithoutABodyOneAfterAnotherAllArrive() throws Exception {
        FakeWorker w = serveOneWorker(FakeWorker::answerOk);
        for (int i = 0; i < 3; i++) {
            Answer a = gw.post("/endpoints/ep/score").send();
            assertThat(a.status()).as("request %d: %s", i, a.body()).isEqualTo(200);
        }
        assertThat(w.connectionsOpened()).isEqualTo(1);
    }

    /**
     * An interim answer (103 Early Hints) comes before the real one; taking it for the answer would hand the real
     * one to the next request on the connection.
     */
    @Test
    void anInterimAnswerIsNotTakenForTheAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> answerTwiceWithEarlyHints(server));
            gw = gateways.start(o -> o.withServerInstances(1));
            gw.publish(endpoint("ep", traffic("blue", 100), null, deployment("blue", Duration.ofSeconds(5), 4,
                    InstanceRoute.tcp("w", "127.0.0.1", server.getLocalPort()))));
            Answer first = gw.post("/endpoints/ep/score").body("{\"n\":1}").send();
            Answer second = gw.post("/endpoints/ep/score").body("{\"n\":2}").send();
            assertThat(first.status() + " " + first.body() + " / " + second.status() + " " + second.body())
                    .isEqualTo("200 answer1 / 200 answer2");
            worker.get(10, TimeUnit.SECONDS);
        }
    }

    /** One connection, two requests, each answered with a 103 and then a 200. */
    private static void answerTwiceWithEarlyHints(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (int i = 1; i <= 2; i++) {
                RawHttp.readMessage(in);
                out.write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String body = "answer" + i;
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A worker that answers without reading a large body: the caller gets the answer, and the rest of its body is
     * still read and dropped, so its connection carries the next request.
     */
    @Test
    void anEarlyAnswerLeavesTheCallersConnectionUsable() throws Exception {
        Vertx vertx = gateways.vertx();
        HttpServer worker = vertx.createHttpServer().requestHandler(request -> {
            request.pause();
            vertx.setTimer(100, id -> request.response().putHeader("content-type", "application/json")
                    .end("{\"early\":true}"));
        });
        GatewayFixture.await(worker.listen(0, "127.0.0.1"));
        try {
            gw = gateways.start(o -> o.withServerInstances(1).withMaxRequestBytes(64L * 1024 * 1024));
            gw.publish(endpoint("ep", traffic("blue", 100), null, deployment("blue", Duration.ofSeconds(5), 4,
                    InstanceRoute.tcp("w", "127.0.0.1", worker.actualPort()))));
            int bodyBytes = 16 * 1024 * 1024;
            try (Socket socket = new Socket("127.0.0.1", gw.port())) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                    try {
                        out.write(("POST /endpoints/ep/score HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                + Routes.PRIMARY_KEY + "\r\nContent-Length: " + bodyBytes + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(new byte[bodyBytes]);
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                assertThat(RawHttp.readMessage(in)).startsWith("HTTP/1.1 200");
                sent.get(15, TimeUnit.SECONDS);
                out.write(("POST /endpoints/ep/score HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + Routes.PRIMARY_KEY + "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(RawHttp.readMessage(in)).startsWith("HTTP/1.1 200");
            }
        } finally {
            GatewayFixture.await(worker.close());
        }
    }
}
