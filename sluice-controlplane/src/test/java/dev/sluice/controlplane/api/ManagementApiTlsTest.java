package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.logs.ConsoleLogs;
import dev.sluice.controlplane.service.ServiceFixture;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS with PEM files, as the server runs it by default. */
class ManagementApiTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path folder;

    @Test
    void servesHttpsWithTheGivenPemFiles() throws Exception {
        KeyStore keys = selfSigned(folder.resolve("api.p12"));
        Path certPem = pem(folder.resolve("server.pem"), "CERTIFICATE", keys.getCertificate("api").getEncoded());
        Path keyPem = pem(folder.resolve("server-key.pem"), "PRIVATE KEY",
                ((PrivateKey) keys.getKey("api", PASSWORD)).getEncoded());

        Vertx vertx = Vertx.vertx();
        try (ServiceFixture f = new ServiceFixture(folder)) {
            ManagementApi api = ManagementApi.create(vertx, ApiOptions.plain("127.0.0.1", 0, "https://127.0.0.1:7443")
                            .withTls(certPem, keyPem), f.endpoints, f.deployments, f.registry, f.artifacts,
                    ConsoleLogs.create(f.dataDir, f.runtime), f.scaling(), () -> "", f.security("tls-token"));
            int port = ApiTestBase.result(api.start());
            try {
                ApiClient client = new ApiClient(java.net.http.HttpClient.newBuilder()
                        .sslContext(trusting(keys.getCertificate("api"))).connectTimeout(Duration.ofSeconds(10))
                        .build(), "https://127.0.0.1:" + port, "tls-token");

                ApiClient.Answer server = client.get("/api/v1/server");
                assertThat(server.status()).isEqualTo(200);
                assertThat(server.json().path("apiUrl").asText()).isEqualTo("https://127.0.0.1:" + port);
                assertThat(client.post("/api/v1/endpoints", "{\"name\":\"secure\"}").status()).isEqualTo(201);
            } finally {
                ApiTestBase.result(api.stop());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    /** A self-signed certificate for 127.0.0.1 made by the JDK's own keytool. */
    private static KeyStore selfSigned(Path store) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "api", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool: " + output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static Path pem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("api", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
