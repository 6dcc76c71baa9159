package dev.sluice.gateway;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.gateway.testkit.FakeWorker;
import dev.sluice.gateway.testkit.GatewayFixture;
import io.micrometer.core.instrument.Meter;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters of deleted deployments and endpoints leave the registry, also when no request comes after. */
class GatewayMetersTest {

    private static Vertx vertx;
    private GatewayFixture gw;
    private FakeWorker blue;
    private FakeWorker green;

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
        blue = gw.worker("blue");
        green = gw.worker("green");
    }

    @AfterEach
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void aDeletedDeploymentsSeriesLeaveTheRegistry() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 100), null, deployment("blue", blue.route()),
                deployment("green", green.route())));
        assertThat(gw.post("/endpoints/ep/score").body("{}").send().status()).isEqualTo(200);
        assertThat(gw.post("/endpoints/ep/score").header("azureml-model-deployment", "green").body("{}").send()
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> tagValues("deployment").contains("green"));

        gw.publish(endpoint("ep", traffic("blue", 100), null, deployment("blue", blue.route())));

        await().atMost(Duration.ofSeconds(10)).until(() -> !tagValues("deployment").contains("green"));
        assertThat(tagValues("deployment")).contains("blue");
        assertThat(gw.registry().scrape()).doesNotContain("deployment=\"green\"");
    }

    @Test
    void aDeletedEndpointsSeriesLeaveTheRegistry() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 100), null, deployment("blue", blue.route())));
        assertThat(gw.post("/endpoints/ep/score").body("{}").send().status()).isEqualTo(200);
        assertThat(gw.post("/endpoints/ep/score").key("wrong").body("{}").send().status()).isEqualTo(401);
        assertThat(tagValues("endpoint")).contains("ep");

        gw.publish();

        await().atMost(Duration.ofSeconds(10)).until(() -> !tagValues("endpoint").contains("ep"));
    }

    private Set<String> tagValues(String tag) {
        Set<String> values = new TreeSet<>();
        for (Meter meter : gw.registry().getMeters()) {
            String value = meter.getId().getTag(tag);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }
}
