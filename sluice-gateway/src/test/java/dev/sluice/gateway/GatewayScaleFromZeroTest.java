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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deployment scaled to zero: the gateway holds its requests, bodies unread, tells the autoscaler, and sends them on
 * once an instance is in the routing; 503 with Retry-After only when none is ready within the request timeout.
 */
class GatewayScaleFromZeroTest {

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

    @BeforeEach
    void start() throws Exception {
        gw = GatewayFixture.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        gw.close();
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
}
