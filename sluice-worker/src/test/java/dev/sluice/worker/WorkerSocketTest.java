package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.worker.WorkerAddress;
import dev.sluice.worker.runner.java.fixtures.SlowScript;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.RawExchange;
import dev.sluice.worker.support.Http;
import dev.sluice.worker.support.TestConfig;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's second listener: a Unix domain socket next to its address file, for the gateway. */
class WorkerSocketTest {

    private static final String REQUEST = "POST /score HTTP/1.1\r\nHost: worker\r\nContent-Length: 7\r\n"
            + "Connection: close\r\n\r\n{\"a\":1}";

    @TempDir
    Path dir;
    private final Console console = new Console();
    private Worker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    private WorkerAddress start(Path addressFile) throws Exception {
        Path code = Files.createDirectories(dir.resolve("code"));
        worker = Worker.start(TestConfig.in(dir.resolve("work")).java(code, SlowScript.class.getName())
                .addressFile(addressFile).build(), WorkerOptions.defaults().withConsole(console.out, console.err));
        worker.initialized().get(60, TimeUnit.SECONDS);
        return new AddressFile(new ObjectMapper()).read(addressFile);
    }

    @Test
    void answersOnASocketNextToItsAddressFileAndSaysWhereInIt() throws Exception {
        Path addressFile = dir.resolve("instance").resolve("address.json");

        WorkerAddress address = start(addressFile);

        assertThat(address.socket()).isEqualTo(addressFile.resolveSibling("worker.sock").toAbsolutePath().toString());
        assertThat(RawExchange.send(UnixDomainSocketAddress.of(address.socket()), REQUEST))
                .startsWith("HTTP/1.1 200 OK");
        assertThat(Http.to(address.port()).post("/score", "{\"a\":1}").statusCode()).isEqualTo(200);
        assertThat(console.out()).contains("listening on " + address.url() + " and " + address.socket());
        // Both listeners feed one access log, which writes a line just after its answer, not before.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(console.accessLines()).hasSize(2));
    }

    @Test
    void aSocketPathLongerThanTheSystemAllowsLeavesTcpOnly() throws Exception {
        Path deep = dir.resolve("d".repeat(Worker.MAX_SOCKET_PATH_BYTES));

        WorkerAddress address = start(deep.resolve("address.json"));

        assertThat(address.socket()).isNull();
        assertThat(console.out()).contains("not listening on a Unix socket").contains("the gateway uses TCP");
        assertThat(Http.to(address.port()).post("/score", "{\"a\":1}").statusCode()).isEqualTo(200);
    }
}
