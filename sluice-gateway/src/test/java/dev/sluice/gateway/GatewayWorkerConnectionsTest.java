package dev.sluice.gateway;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.Answer;
import dev.sluice.gateway.testkit.FakeWorker;
import dev.sluice.gateway.testkit.GatewayFixture;
import dev.sluice.gateway.testkit.Routes;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's keep-alive connections to workers: when one is reused, and when it must not be. */
class GatewayWorkerConnectionsTest {

    private static Vertx vertx;
    private GatewayFixture gw;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        GatewayFixture.await(vertx.close());
    }

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    /** One event loop, so every request goes through the same loop's connections. */
    private FakeWorker serveOneWorker(FakeWorker.Behaviour behaviour) throws Exception {
        gw = GatewayFixture.start(vertx, o -> o.withServerInstances(1).withMaxRequestBytes(1024 * 1024));
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
}
