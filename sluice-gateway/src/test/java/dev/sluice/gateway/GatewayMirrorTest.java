package dev.sluice.gateway;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

import dev.sluice.core.routing.MirrorSchedule;
import dev.sluice.gateway.testkit.Answer;
import dev.sluice.gateway.testkit.FakeWorker;
import dev.sluice.gateway.testkit.GatewayFixture;
import dev.sluice.gateway.testkit.GatewayTests;
import dev.sluice.gateway.testkit.Routes;
import io.vertx.core.Future;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mirror traffic: copies reach the mirror deployment in the background and never touch live answers. */
class GatewayMirrorTest {

    @RegisterExtension
    static final GatewayTests gateways = GatewayTests.create();

    private GatewayFixture gw;

    @Test
    void twentyPercentOfTrafficIsCopiedToTheMirrorAndEveryAnswerComesFromLive() throws Exception {
        gw = gateways.start();
        FakeWorker blue = gw.worker("blue");
        FakeWorker green = gw.worker("green");
        gw.publish(endpoint("ep", traffic("blue", 100, "green", 0), MirrorSchedule.of("green", 20),
                deployment("blue", blue.route()), deployment("green", green.route())));

        for (int sent = 0; sent < 1000; sent += 10) {
            List<Future<Answer>> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(gw.post("/endpoints/ep/score?n=" + (sent + i)).body("{\"n\":" + (sent + i) + "}").sendAsync());
            }
            for (Future<Answer> f : batch) {
                Answer a = GatewayFixture.await(f);
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.worker()).isEqualTo("blue");
                assertThat(a.header("azureml-model-deployment")).isEqualTo("blue");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> green.received() == 200);
        assertThat(blue.received()).isEqualTo(1000);
        FakeWorker.Seen copy = green.last();
        String n = copy.uri().substring(copy.uri().indexOf("n=") + 2);
        assertThat(copy.body().toString()).isEqualTo("{\"n\":" + n + "}");
        assertThat(copy.headers().get("authorization")).isNull();

        gw.awaitMetric("sluice_requests_total", Map.of("endpoint", "ep", "deployment", "green", "mirrored", "true",
                "status", "200"), 200);
        gw.awaitMetric("sluice_requests_total", Map.of("endpoint", "ep", "deployment", "blue", "mirrored", "false",
                "status", "200"), 1000);
        gw.awaitMetric("sluice_request_duration_seconds_count", Map.of("deployment", "green", "mirrored", "true"), 200);
        assertThat(gw.metric("sluice_mirror_dropped_total", Map.of())).isZero();
    }

    @Test
    void headerRoutedRequestsAreNeverMirrored() throws Exception {
        gw = gateways.start();
        FakeWorker blue = gw.worker("blue");
        FakeWorker green = gw.worker("green");
        gw.publish(endpoint("ep", traffic("blue", 100, "green", 0), MirrorSchedule.of("green", 50),
                deployment("blue", blue.route()), deployment("green", green.route())));
        for (int i = 0; i < 10; i++) {
            assertThat(gw.post("/endpoints/ep/score").header("azureml-model-deployment", "blue").body("{}").send()
                    .status()).isEqualTo(200);
        }
        // Two traffic-routed requests afterwards: exactly one of them (50%) is copied, so copies do work here
        // and none came from the header-routed ones.
        assertThat(gw.post("/endpoints/ep/score").body("{}").send().status()).isEqualTo(200);
        assertThat(gw.post("/endpoints/ep/score").body("{}").send().status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> green.received() == 1);
        gw.awaitMetric("sluice_requests_total", Map.of("deployment", "green", "mirrored", "true"), 1);
        assertThat(blue.received()).isEqualTo(12);
    }

    @Test
    void aSlowMirrorFillsTheQueueAndFurtherCopiesAreDroppedWhileLiveAnswersStayFast() throws Exception {
        gw = gateways.start(o -> o.withMirrorQueueCapacity(2));
        FakeWorker blue = gw.worker("blue");
        FakeWorker green = gw.worker("green").behave(FakeWorker.hold());
        gw.publish(endpoint("ep", traffic("blue", 100), MirrorSchedule.of("green", 50),
                deployment("blue", blue.route()),
                deployment("green", Duration.ofSeconds(30), 1, green.route())));

        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            Answer a = gw.post("/endpoints/ep/score").body("{}").send();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.worker()).isEqualTo("blue");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        // 10 of the 20 are mirrored; 2 copies are stuck at green, the other 8 found the queue full.
        await().atMost(Duration.ofSeconds(5)).until(() -> green.heldCount() == 2);
        gw.awaitMetric("sluice_mirror_dropped_total", Map.of("endpoint", "ep", "deployment", "green"), 8);

        green.releaseHeld();
        gw.awaitMetric("sluice_requests_total", Map.of("deployment", "green", "mirrored", "true", "status", "200"), 2);
    }

    @Test
    void copiesBeyondTheMirrorDeploymentsOwnLimitAreDroppedNotSentToBeRefused() throws Exception {
        gw = gateways.start();
        FakeWorker blue = gw.worker("blue");
        FakeWorker green = gw.worker("green").behave(FakeWorker.hold());
        gw.publish(endpoint("ep", traffic("blue", 100), MirrorSchedule.of("green", 50),
                deployment("blue", blue.route()),
                deployment("green", Duration.ofSeconds(30), 1, green.route())));
        for (int i = 0; i < 20; i++) {
            assertThat(gw.post("/endpoints/ep/score").body("{}").send().status()).isEqualTo(200);
        }
        // Green takes 2 x max_concurrent 1 x 1 instance: the other 8 of the 10 copies are dropped at the gateway.
        await().atMost(Duration.ofSeconds(5)).until(() -> green.heldCount() == 2);
        gw.awaitMetric("sluice_mirror_dropped_total", Map.of("endpoint", "ep", "deployment", "green"), 8);
        assertThat(green.received()).isEqualTo(2);
        green.releaseHeld();
    }

    @Test
    void aMirroredRequestThatExpectsContinueIsNotKeptWaiting() throws Exception {
        FakeWorker green = everyRequestMirrored().green();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + gw.port() + "/endpoints/ep/score"))
                .header("Authorization", "Bearer " + dev.sluice.gateway.testkit.Routes.PRIMARY_KEY)
                .expectContinue(true).timeout(Duration.ofSeconds(5))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"x\": 1}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> green.received() == 1);
        assertThat(green.last().body().toString()).isEqualTo("{\"x\": 1}");
    }

    /**
     * A mirrored request's body is read whole first; when its chunked framing is malformed the caller must hear of
     * it (an answer, or the connection closing, as Vert.x closed it), not wait unanswered for the idle timeout.
     */
    @Test
    void aMirroredRequestWithAMalformedChunkedBodyIsNotLeftWaiting() throws Exception {
        FakeWorker blue = everyRequestMirrored().blue();
        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            socket.setSoTimeout(3_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /endpoints/ep/score HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + Routes.PRIMARY_KEY + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();

            assertThatNoException().as("an answer or the end of the connection, within 3 s").isThrownBy(in::read);
        }
        assertThat(blue.received()).isZero();
    }

    @Test
    void aMirrorThatTimesOutIsCountedWithItsOwnTimeoutAndFreesItsSlot() throws Exception {
        gw = gateways.start(o -> o.withMirrorQueueCapacity(1));
        FakeWorker blue = gw.worker("blue");
        FakeWorker green = gw.worker("green").behave(FakeWorker.hold());
        gw.publish(endpoint("ep", traffic("blue", 100), MirrorSchedule.of("green", 100),
                deployment("blue", blue.route()),
                deployment("green", Duration.ofMillis(200), 1, green.route())));
        assertThat(gw.post("/endpoints/ep/score").body("{}").send().status()).isEqualTo(200);
        gw.awaitMetric("sluice_requests_total", Map.of("deployment", "green", "mirrored", "true", "status", "408"), 1);
        assertThat(gw.post("/endpoints/ep/score").body("{}").send().status()).isEqualTo(200);
        gw.awaitMetric("sluice_requests_total", Map.of("deployment", "green", "mirrored", "true", "status", "408"), 2);
        assertThat(gw.metric("sluice_mirror_dropped_total", Map.of())).isZero();
    }

    /** The workers of endpoint "ep" on a new gateway: all live traffic to blue, every request mirrored to green. */
    private record Mirrored(FakeWorker blue, FakeWorker green) {
    }

    private Mirrored everyRequestMirrored() throws Exception {
        gw = gateways.start();
        FakeWorker blue = gw.worker("blue");
        FakeWorker green = gw.worker("green");
        gw.publish(endpoint("ep", traffic("blue", 100), MirrorSchedule.of("green", 100),
                deployment("blue", blue.route()), deployment("green", green.route())));
        return new Mirrored(blue, green);
    }
}
