package dev.sluice.gateway;

import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.onDemand;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.core.metrics.DeploymentTraffic;
import dev.sluice.gateway.testkit.Answer;
import dev.sluice.gateway.testkit.FakeWorker;
import dev.sluice.gateway.testkit.GatewayFixture;
import dev.sluice.gateway.testkit.GatewayTests;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deployment scaled to zero: the gateway holds its requests, bodies unread, tells the autoscaler, and sends them on
 * once an instance is in the routing; 503 with Retry-After only when none is ready within the request timeout.
 */
class GatewayScaleFromZeroTest {

    private static final long MILLIS = 1_000_000L;

    @RegisterExtension
    static final GatewayTests gateways = GatewayTests.create();

    private GatewayFixture gw;

    @BeforeEach
    void start() throws Exception {
        gw = gateways.start();
    }

    @Test
    void heldRequestsAreAnsweredWithTheirBodiesOnceAnInstanceIsReady() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofSeconds(10))));
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(gw.post("/endpoints/ep/score").body("x".repeat(1000 + i)).sendAsync());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.demanded().contains("ep/blue"));
        assertThat(answers).noneMatch(Future::isComplete);

        FakeWorker blue = gw.worker("blue");
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofSeconds(10),
                blue.route())));

        for (int i = 0; i < 3; i++) {
            Answer answer = GatewayFixture.await(answers.get(i));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("azureml-model-deployment")).isEqualTo("blue");
        }
        assertThat(blue.seen()).extracting(seen -> seen.body().length())
                .containsExactlyInAnyOrder(1000, 1001, 1002);
        // Counted once each answer has been written out, which may be just after the client read it.
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().traffic().deployment("ep", "blue")
                .answered() == 3);
        DeploymentTraffic counted = gw.gateway().traffic().deployment("ep", "blue");
        assertThat(counted.latency().count()).isEqualTo(3);
        assertThat(counted.latency().meanMillis()).isPositive();
    }

    @Test
    void everyHeldRequestIsAnsweredWhenTheWokenInstanceAdmitsFewerAtOnce() throws Exception {
        // Azure's default max_concurrent_requests_per_instance is 1: one Ready instance admits 2 requests at a time.
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofSeconds(10), 1)));
        List<Future<Answer>> answers = sendHeld(8);

        FakeWorker blue = wake(FakeWorker.delayed(Duration.ofMillis(50)), Duration.ofSeconds(10));

        for (Future<Answer> pending : answers) {
            Answer answer = GatewayFixture.await(pending);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
        assertThat(blue.received()).isEqualTo(8);
    }

    @Test
    void aRequestArrivingJustAfterTheWakeWaitsBehindTheHeldOnesInsteadOf429() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofSeconds(10), 1)));
        List<Future<Answer>> answers = new ArrayList<>(sendHeld(4));
        FakeWorker blue = wake(FakeWorker.hold(), Duration.ofSeconds(10));
        // Two places (2 x 1 x 1 ready), both taken; two requests still wait for one.
        await().atMost(Duration.ofSeconds(10)).until(() -> blue.heldCount() == 2);

        Future<Answer> newcomer = gw.post("/endpoints/ep/score").body("{}").sendAsync();
        answers.add(newcomer);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(blue.heldCount()).as("never more than the limit in flight").isLessThanOrEqualTo(2);
            blue.releaseHeld();
            return answers.stream().allMatch(Future::isComplete);
        });
        for (Future<Answer> done : answers) {
            assertThat(done.result().status()).as(done.result().body()).isEqualTo(200);
        }
        assertThat(blue.received()).isEqualTo(5);
    }

    @Test
    void heldRequestsThatGetNoPlaceWithinTheirTimeoutAre429WithRetryAfter() throws Exception {
        // The first two wait with 10 s; the next three arrive when the timeout is 2 s (an update meanwhile).
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofSeconds(10), 1)));
        List<Future<Answer>> first = sendHeld(2);
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofSeconds(2), 1)));
        List<Future<Answer>> later = sendHeld(3);
        FakeWorker blue = wake(FakeWorker.hold(), Duration.ofSeconds(10));

        // The first two hold both places (2 x 1 x 1 ready) until the later three's time is up.
        for (Future<Answer> pending : later) {
            Answer answer = GatewayFixture.await(pending);
            assertThat(answer.status()).as(answer.body()).isEqualTo(429);
            assertThat(answer.header("retry-after")).isEqualTo("1");
            assertThat(answer.errorMessage()).contains("started an instance, but no place under its limit",
                    "within the request timeout (request_timeout_ms: 2000)");
        }
        assertThat(blue.heldCount()).isEqualTo(2);
        blue.releaseHeld();
        for (Future<Answer> pending : first) {
            assertThat(GatewayFixture.await(pending).status()).isEqualTo(200);
        }
        assertThat(blue.received()).isEqualTo(2);
    }

    @Test
    void theDemandIsPostedAgainWhileARequestWaitsSoALostSignalDoesNotStrandIt() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofSeconds(10))));
        Future<Answer> answer = gw.post("/endpoints/ep/score").body("{}").sendAsync();
        await().atMost(Duration.ofSeconds(10)).until(() -> demandsFor("ep/blue") >= 1);

        // The autoscaler lost that signal (a failed tick): nothing starts until the gateway says it again.
        await().atMost(Duration.ofSeconds(10)).until(() -> demandsFor("ep/blue") >= 2);
        assertThat(answer.isComplete()).isFalse();
        assertThat(demandsFor("ep/blue")).as("throttled, not posted at every look").isLessThanOrEqualTo(3);

        FakeWorker blue = gw.worker("blue");
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofSeconds(10),
                blue.route())));
        assertThat(GatewayFixture.await(answer).status()).isEqualTo(200);
    }

    @Test
    void aRequestHeldForAnInstanceHasOnlyTheRestOfItsTimeoutLeftToBeAnswered() throws Exception {
        Duration timeout = Duration.ofSeconds(4);
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", timeout)));
        long sent = System.nanoTime();
        Future<Answer> answer = gw.post("/endpoints/ep/score").body("{}").sendAsync();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - sent >= 2500 * MILLIS);

        FakeWorker blue = gw.worker("blue").behave(FakeWorker.hold());
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", timeout, blue.route())));
        Answer timedOut = GatewayFixture.await(answer);
        long total = System.nanoTime() - sent;

        assertThat(timedOut.status()).as(timedOut.body()).isEqualTo(408);
        assertThat(blue.received()).as("forwarded, not timed out in the waiting room").isEqualTo(1);
        assertThat(timedOut.errorMessage()).contains("request_timeout_ms: 4000");
        // A fresh timer at release would answer after 2.5 s + 4 s at the earliest; the rest of the budget at about
        // 4 s. The bound between the two leaves 2 s for a loaded machine.
        assertThat(total).isLessThan(6000 * MILLIS);
    }

    @Test
    void noInstanceWithinTheRequestTimeoutIs503WithRetryAfter() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", Duration.ofMillis(300))));

        Answer answer = gw.post("/endpoints/ep/score").body("{}").send();

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("retry-after")).isEqualTo("1");
        assertThat(answer.errorMessage()).contains("one is starting but was not ready within the request timeout");
        assertThat(gw.demanded()).contains("ep/blue");
    }

    @Test
    void aDeploymentThatDoesNotStartOnDemandIsStill503AtOnce() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 100), null,
                dev.sluice.gateway.testkit.Routes.deployment("blue", Duration.ofSeconds(30), 8)));

        Answer answer = gw.post("/endpoints/ep/score").body("{}").send();

        assertThat(answer.status()).isEqualTo(503);
        assertThat(gw.demanded()).isEmpty();
    }

    /** Sends {@code count} requests to ep and returns once all are held: each tells the autoscaler on arrival. */
    private List<Future<Answer>> sendHeld(int count) {
        long before = demandsFor("ep/blue");
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(gw.post("/endpoints/ep/score").body("{\"n\": " + i + "}").sendAsync());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> demandsFor("ep/blue") >= before + count);
        return answers;
    }

    /** Starts blue's first instance (max_concurrent_requests_per_instance 1) and puts it in the routing. */
    private FakeWorker wake(FakeWorker.Behaviour behaviour, Duration timeout) throws Exception {
        FakeWorker blue = gw.worker("blue").behave(behaviour);
        gw.publish(endpoint("ep", traffic("blue", 100), null, onDemand("blue", timeout, 1, blue.route())));
        return blue;
    }

    private long demandsFor(String deployment) {
        return gw.demanded().stream().filter(deployment::equals).count();
    }
}
