package dev.sluice.gateway;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.routing.AtomicRoutingTable;
import dev.sluice.gateway.testkit.Answer;
import dev.sluice.gateway.testkit.FakeWorker;
import dev.sluice.gateway.testkit.GatewayFixture;
import dev.sluice.gateway.testkit.GatewayTests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with the user's PEM files, and a clear failure when they are missing. */
class GatewayTlsTest {

    @RegisterExtension
    static final GatewayTests gateways = GatewayTests.create();

    @Test
    void servesHttpsWithTheGivenCertificate(@TempDir Path dir) throws Exception {
        SelfSignedCertificate generated = SelfSignedCertificate.create("localhost");
        Path cert = Files.copy(Paths.get(generated.certificatePath()), dir.resolve("server.pem"));
        Path key = Files.copy(Paths.get(generated.privateKeyPath()), dir.resolve("server-key.pem"));
        generated.delete();
        HttpClientOptions https = new HttpClientOptions().setSsl(true).setVerifyHost(false)
                .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(cert.toString()));
        try (GatewayFixture gw = gateways.start(o -> o.withTls(cert, key), https)) {
            FakeWorker blue = gw.worker("blue");
            gw.publish(endpoint("ep", traffic("blue", 100), null, deployment("blue", blue.route())));
            for (int i = 0; i < 5; i++) {
                Answer a = gw.post("/endpoints/ep/score").body("{\"tls\":true}").send();
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.worker()).isEqualTo("blue");
            }
            assertThat(blue.last().body().toString()).isEqualTo("{\"tls\":true}");
        }
    }

    @Test
    void boringSslIsAvailableOnLinux() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"),
                "netty-tcnative ships BoringSSL for Linux, macOS and Windows; checked on Linux");
        assertThat(OpenSSLEngineOptions.isAvailable()).as("netty-tcnative-boringssl-static on the class path").isTrue();
    }

    @Test
    void missingCertificateFilesFailStartWithTheirNames(@TempDir Path dir) {
        Path cert = dir.resolve("missing.pem");
        Path key = dir.resolve("missing-key.pem");
        Gateway gateway = Gateway.create(gateways.vertx(), GatewayOptions.of("127.0.0.1", 0).withTls(cert, key)
                .withServerInstances(1), AtomicRoutingTable.create(), new SimpleMeterRegistry());
        assertThatThrownBy(() -> GatewayFixture.await(gateway.start()))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("gateway cannot listen on 127.0.0.1:0 with TLS certificate " + cert);
    }
}
