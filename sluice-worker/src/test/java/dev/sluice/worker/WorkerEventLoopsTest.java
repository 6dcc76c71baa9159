package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.Runner;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.RawExchange;
import dev.sluice.worker.support.TestConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker reads and answers its connections on both of its event loops, on TCP and on its Unix socket alike;
 * before, every connection of a listener was served by one loop, so one core did all the parsing.
 */
class WorkerEventLoopsTest {

    private static final String REQUEST = "POST /score HTTP/1.1\r\nHost: worker\r\nContent-Length: 2\r\n"
            + "Connection: close\r\n\r\n{}";
    private static final int CONNECTIONS = 8;

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

    /** Answers on the loop that read the request, with that loop's thread name. */
    private static final class LoopNamingRunner implements Runner {

        @Override
        public void init() {
        }

        @Override
        public boolean handlesOnEventLoop(ScoringRequest request) {
            return true;
        }

        @Override
        public ScoringResult handle(ScoringRequest request) {
            return new ScoringResult(200, Map.of(), Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void connectionsOverTcpAndTheSocketAreServedOnBothEventLoops() throws Exception {
        Path addressFile = dir.resolve("instance").resolve("address.json");
        worker = Worker.start(TestConfig.in(dir.resolve("work")).addressFile(addressFile).build(),
                WorkerOptions.defaults().withConsole(console.out, console.err)
                        .withRunners(config -> new LoopNamingRunner()));
        worker.initialized().get(30, TimeUnit.SECONDS);

        assertThat(loopsServing(new InetSocketAddress("127.0.0.1", worker.port())))
                .hasSize(2).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
        assertThat(worker.address().socket()).isNotNull();
        assertThat(loopsServing(UnixDomainSocketAddress.of(worker.address().socket())))
                .hasSize(2).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
    }

    /** The threads that answered {@link #CONNECTIONS} connections made one after another. */
    private static Set<String> loopsServing(SocketAddress address) throws Exception {
        Set<String> loops = new HashSet<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            String answer = RawExchange.send(address, REQUEST);
            assertThat(answer).startsWith("HTTP/1.1 200 OK");
            loops.add(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
        return loops;
    }
}
