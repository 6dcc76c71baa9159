package dev.sluice.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.cli.testing.StubApi;
import dev.sluice.cli.testing.StubApi.Response;
import dev.sluice.cli.testing.TestCertificates;
import dev.sluice.core.error.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a server whose certificate a local CA signed, as {@code sluice server} generates it. */
class TlsTrustTest {

    private static TestCertificates ca;
    private static TestCertificates otherCa;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.newCa("Sluice test CA");
        otherCa = TestCertificates.newCa("Someone else's CA");
    }

    @Test
    void trustsTheServersCaAndVerifiesTheHostName() throws Exception {
        Path caPem = ca.writeCaPem(dir.resolve("ca.pem"));
        try (StubApi api = StubApi.https(ca.serverContext("localhost", "127.0.0.1", "::1"))) {
            api.on("GET", "/api/v1/server", Response.json(200, "{\"version\":\"0.1.0\"}"));
            SluiceClient client = SluiceClient.connect(new ServerConnection(api.url(), "t", caPem, "--server"));
            assertThat(client.serverInfo().path("version").asText()).isEqualTo("0.1.0");
        }
    }

    @Test
    void refusesACertificateOfAnotherCa() throws Exception {
        Path otherPem = otherCa.writeCaPem(dir.resolve("other.pem"));
        try (StubApi api = StubApi.https(ca.serverContext("localhost", "127.0.0.1"))) {
            SluiceClient client = SluiceClient.connect(new ServerConnection(api.url(), "t", otherPem, "--server"));
            SluiceException e = catchThrowableOfType(SluiceException.class, client::serverInfo);
            assertThat(e.getMessage()).startsWith("TLS with " + api.url() + " failed: ")
                    .endsWith("(expected: a certificate for 127.0.0.1 signed by the CA in " + otherPem + ")");
        }
    }

    @Test
    void refusesACertificateForAnotherHost() throws Exception {
        Path caPem = ca.writeCaPem(dir.resolve("ca.pem"));
        try (StubApi api = StubApi.https(ca.serverContext("example.test"))) {
            SluiceClient client = SluiceClient.connect(new ServerConnection(api.url(), "t", caPem, "--server"));
            assertThat(catchThrowableOfType(SluiceException.class, client::serverInfo).getMessage())
                    .startsWith("TLS with " + api.url() + " failed: ");
        }
    }

    @Test
    void withoutACaTheMessageSaysWhichFileToPass() throws Exception {
        try (StubApi api = StubApi.https(ca.serverContext("localhost", "127.0.0.1"))) {
            SluiceClient client = SluiceClient.connect(new ServerConnection(api.url(), "t", null, "--server"));
            assertThat(catchThrowableOfType(SluiceException.class, client::serverInfo).getMessage())
                    .contains("pass --ca-cert with the server's CA certificate");
        }
    }

    @Test
    void aFileWithoutCertificatesIsNamed() throws Exception {
        Path notPem = Files.writeString(dir.resolve("nope.pem"), "not a certificate");
        SluiceException e = catchThrowableOfType(SluiceException.class,
                () -> SluiceClient.connect(new ServerConnection(java.net.URI.create("https://127.0.0.1:1"), "t",
                        notPem, "--server")));
        assertThat(e.getMessage()).startsWith("--ca-cert: " + notPem);
    }
}
