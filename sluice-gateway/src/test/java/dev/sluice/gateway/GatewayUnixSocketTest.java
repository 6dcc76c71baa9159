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
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Instances that answer on a Unix domain socket are reached there, as Sluice's own workers are. */
class GatewayUnixSocketTest {

    /** As in the server: Unix sockets need the native (epoll) transport. */
    @RegisterExtension
    static final GatewayTests gateways = GatewayTests.create(new VertxOptions().setPreferNativeTransport(true));

    private GatewayFixture gw;
    private FakeWorker onSocket;

    @TempDir
    Path dir;

    @BeforeAll
    static void nativeTransport() {
        assertThat(gateways.vertx().isNativeTransportEnabled()).as("epoll transport on this Linux machine").isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        if (onSocket != null) {
            onSocket.close();
        }
    }

    private void serve(InstanceRoute... instances) throws Exception {
        gw = gateways.start();
        gw.publish(endpoint("ep", traffic("blue", 100), null,
                deployment("blue", Duration.ofSeconds(5), 4, instances)));
    }

    @Test
    void anInstanceWithASocketIsReachedOnItAndNotOnItsPort() throws Exception {
        onSocket = FakeWorker.startOnSocket(gateways.vertx(), "uds", dir.resolve("worker.sock"));
        serve(onSocket.route());
        for (int i = 0; i < 5; i++) {
            Answer a = gw.post("/endpoints/ep/score").body("{\"i\":" + i + "}").send();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.worker()).isEqualTo("uds");
            assertThat(onSocket.last().body().toString()).isEqualTo("{\"i\":" + i + "}");
        }
        assertThat(onSocket.received()).isEqualTo(5);
    }

    @Test
    void aSocketWithNobodyBehindItCountsAsARefusedConnection() throws Exception {
        InstanceRoute gone = new InstanceRoute("gone", "127.0.0.1", 9, dir.resolve("missing.sock").toString());
        FakeWorker alive = FakeWorker.start(gateways.vertx(), "alive");
        try {
            serve(gone, alive.route());
            for (int i = 0; i < 6; i++) {
                Answer a = gw.post("/endpoints/ep/score").body("{}").send();
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.worker()).isEqualTo("alive");
            }
        } finally {
            alive.close();
        }
    }
}
