package dev.sluice.gateway;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.gateway.testkit.Answer;
import dev.sluice.gateway.testkit.FakeWorker;
import dev.sluice.gateway.testkit.GatewayFixture;
import dev.sluice.gateway.testkit.GatewayTests;
import dev.sluice.gateway.testkit.Routes;
import io.micrometer.core.instrument.Meter;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resolution, authentication, deployment choice and the headers of answers, over real HTTP. */
class GatewayRoutingTest {

    @RegisterExtension
    static final GatewayTests gateways = GatewayTests.create();

    private GatewayFixture gw;
    private FakeWorker blue;
    private FakeWorker green;

    @BeforeEach
    void start() throws Exception {
        gw = gateways.start(o -> o.withDomain("sluice.test"));
        blue = gw.worker("blue");
        green = gw.worker("green");
        gw.publish(endpoint("ep", traffic("blue", 100, "green", 0), null,
                deployment("blue", blue.route()), deployment("green", green.route())));
    }

    @Test
    void forwardsThePathAfterTheEndpointWithItsQueryAndTheBody() throws Exception {
        Answer a = gw.post("/endpoints/ep/v2/models/m/infer?x=1&y=2").body("{\"data\":[1,2]}").send();
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.worker()).isEqualTo("blue");
        assertThat(blue.last().uri()).isEqualTo("/v2/models/m/infer?x=1&y=2");
        assertThat(blue.last().body().toString()).isEqualTo("{\"data\":[1,2]}");
        assertThat(a.header("azureml-model-deployment")).isEqualTo("blue");

        assertThat(gw.get("/endpoints/ep").send().status()).isEqualTo(200);
        assertThat(blue.last().uri()).isEqualTo("/");
    }

    @Test
    void hostUnderTheDomainRoutesToThatEndpoint() throws Exception {
        Answer a = gw.post("/score").authority("ep.sluice.test:" + gw.port()).body("{}").send();
        assertThat(a.status()).isEqualTo(200);
        assertThat(blue.last().uri()).isEqualTo("/score");
    }

    @Test
    void callerCredentialsAndHopByHopHeadersStayAtTheGateway() throws Exception {
        Answer a = gw.post("/endpoints/ep/score").header("x-custom", "kept").header("Connection", "keep-alive, x-hop")
                .header("x-hop", "dropped").header("Proxy-Authorization", "Basic abc").body("{}").send();
        assertThat(a.status()).isEqualTo(200);
        FakeWorker.Seen seen = blue.last();
        assertThat(seen.headers().get("authorization")).isNull();
        assertThat(seen.headers().get("proxy-authorization")).isNull();
        assertThat(seen.headers().get("x-hop")).isNull();
        assertThat(seen.headers().get("x-custom")).isEqualTo("kept");
        // The fake worker sends "Keep-Alive: timeout=60"; it describes the worker's connection, not the caller's.
        assertThat(a.header("keep-alive")).isNull();
    }

    @Test
    void requestIdsAreEchoedOrMadeAndReachTheWorker() throws Exception {
        Answer given = gw.post("/endpoints/ep/score").header("x-request-id", "req-42")
                .header("x-ms-client-request-id", "client-7").body("{}").send();
        assertThat(given.header("x-request-id")).isEqualTo("req-42");
        assertThat(given.header("x-ms-client-request-id")).isEqualTo("client-7");
        assertThat(blue.last().headers().get("x-request-id")).isEqualTo("req-42");

        Answer made = gw.post("/endpoints/ep/score").body("{}").send();
        assertThat(made.header("x-request-id")).matches("[0-9a-f-]{36}");
        assertThat(made.headers().getAll("x-request-id")).hasSize(1);
        assertThat(blue.last().headers().get("x-request-id")).isEqualTo(made.header("x-request-id"));
        assertThat(made.header("x-ms-client-request-id")).isNull();
    }

    @Test
    void missingOrWrongKeysAreUnauthorizedAndTheSecondaryKeyWorks() throws Exception {
        Answer missing = gw.post("/endpoints/ep/score").noAuthorization().body("{}").send();
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.errorCode()).isEqualTo("Unauthorized");
        assertThat(missing.header("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\", error_description=\"missing credentials for endpoint 'ep' (expected: header 'Authorization: Bearer <key>')\"");
        assertThat(missing.header("x-request-id")).isNotBlank();

        Answer wrong = gw.post("/endpoints/ep/score").key("guessed-key-123").body("{}").send();
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("guessed-key-123");

        assertThat(gw.post("/endpoints/ep/score").key(Routes.SECONDARY_KEY).body("{}").send().status()).isEqualTo(200);
        assertThat(blue.received()).isEqualTo(1);
    }

    @Test
    void unknownEndpointsAndPathsAreNotFound() throws Exception {
        Answer unknown = gw.post("/endpoints/nope/score").body("{}").send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorMessage()).isEqualTo("endpoint 'nope' does not exist");
        assertThat(gw.get("/score").send().status()).isEqualTo(404);
        gw.awaitMetric("sluice_requests_total", Map.of("endpoint", "", "deployment", "", "status", "404"), 2);
    }

    @Test
    void reservedWorkerPathsAreNeverForwarded() throws Exception {
        for (String path : List.of("/endpoints/ep/.sluice/ready", "/endpoints/ep/%2esluice/live",
                "/endpoints/ep/x/../.sluice/ready")) {
            Answer a = gw.get(path).send();
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.errorMessage()).contains("reserved");
        }
        assertThat(blue.received()).isZero();
    }

    @Test
    void headerPicksADeploymentWithoutTrafficAndUnknownOnesAreListed() throws Exception {
        Answer pinned = gw.post("/endpoints/ep/score").header("azureml-model-deployment", "green").body("{}").send();
        assertThat(pinned.status()).isEqualTo(200);
        assertThat(pinned.worker()).isEqualTo("green");
        assertThat(pinned.header("azureml-model-deployment")).isEqualTo("green");

        Answer unknown = gw.post("/endpoints/ep/score").header("azureml-model-deployment", "red").body("{}").send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorMessage()).contains("deployment 'red'").contains("(deployments: blue, green)");
    }

    @Test
    void noTrafficIsNotFoundAndNoReadyInstanceIsUnavailable() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 0), null, deployment("blue", blue.route()), deployment("green")));
        Answer none = gw.post("/endpoints/ep/score").body("{}").send();
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorMessage()).contains("no deployment has traffic");

        Answer notReady = gw.post("/endpoints/ep/score").header("azureml-model-deployment", "green").body("{}").send();
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.errorCode()).isEqualTo("NoReadyInstance");
        assertThat(notReady.header("azureml-model-deployment")).isEqualTo("green");
        gw.awaitMetric("sluice_requests_total", Map.of("endpoint", "ep", "deployment", "green",
                "status", "503", "mirrored", "false"), 1);
    }

    @Test
    void seventyThirtySplitIsExactOverAThousandRequests() throws Exception {
        gw.publish(endpoint("ep", traffic("blue", 70, "green", 30), null,
                deployment("blue", blue.route()), deployment("green", green.route())));
        Map<String, Integer> answeredBy = sendMany(1000);
        assertThat(answeredBy).containsEntry("blue", 700).containsEntry("green", 300);
        assertThat(blue.received()).isEqualTo(700);
        assertThat(green.received()).isEqualTo(300);
        gw.awaitMetric("sluice_requests_total", Map.of("deployment", "blue", "status", "200"), 700);
        gw.awaitMetric("sluice_request_duration_seconds_count", Map.of("deployment", "green"), 300);
    }

    @Test
    void aNewSnapshotChangesTheSplitForLaterRequestsWhileEarlierOnesFinish() throws Exception {
        assertThat(sendMany(50)).containsExactly(Map.entry("blue", 50));
        blue.behave(FakeWorker.hold());
        Future<Answer> inFlight = gw.post("/endpoints/ep/score").body("{}").sendAsync();
        await().atMost(Duration.ofSeconds(5)).until(() -> blue.heldCount() == 1);

        gw.publish(endpoint("ep", traffic("blue", 0, "green", 100), null,
                deployment("blue", blue.route()), deployment("green", green.route())));
        assertThat(sendMany(50)).containsExactly(Map.entry("green", 50));

        blue.releaseHeld();
        Answer finished = GatewayFixture.await(inFlight);
        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.header("azureml-model-deployment")).isEqualTo("blue");
    }

    /** Sends {@code n} requests, 10 at a time (below the 429 limit of 16), and counts which worker answered each. */
    private Map<String, Integer> sendMany(int n) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int sent = 0; sent < n; sent += 10) {
            List<Future<Answer>> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(10, n - sent); i++) {
                batch.add(gw.post("/endpoints/ep/score").body("{\"i\":" + (sent + i) + "}").sendAsync());
            }
            for (Future<Answer> f : batch) {
                Answer a = GatewayFixture.await(f);
                assertThat(a.status()).isEqualTo(200);
                counts.merge(a.worker(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The meters of deleted deployments leave the registry, also when no request comes after. */
    @Test
    void aDeletedDeploymentsSeriesLeaveTheRegistry() throws Exception {
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
