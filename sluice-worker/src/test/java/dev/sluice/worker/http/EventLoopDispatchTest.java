package dev.sluice.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.Worker;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.runner.Runner;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.Http;
import dev.sluice.worker.support.TestConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner that answers without blocking is called on the HTTP event loop, one that may block on a scoring
 * thread; a request to the former that times out gets its 408 and leaves the loop serving (never interrupted).
 */
class EventLoopDispatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private final Console console = new Console();
    private Worker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    /** Answers with the name of the thread that called it; "/never" never answers. Light requests on the loop. */
    private static final class ThreadNamingRunner implements Runner {
        final List<CompletableFuture<ScoringResult>> unanswered = new CopyOnWriteArrayList<>();
        private final String lightPath;

        ThreadNamingRunner(String lightPath) {
            this.lightPath = lightPath;
        }

        @Override
        public void init() {
        }

        @Override
        public boolean handlesOnEventLoop(ScoringRequest request) {
            return request.path().startsWith(lightPath);
        }

        @Override
        public ScoringResult handle(ScoringRequest request) {
            throw new UnsupportedOperationException("handleAsync only");
        }

        @Override
        public CompletionStage<ScoringResult> handleAsync(ScoringRequest request) {
            if (request.path().endsWith("/never")) {
                CompletableFuture<ScoringResult> never = new CompletableFuture<>();
                unanswered.add(never);
                return never;
            }
            return CompletableFuture.completedFuture(new ScoringResult(200, Map.of(),
                    Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void close() {
        }
    }

    private Http start(Runner runner, int timeoutMs) throws Exception {
        worker = Worker.start(TestConfig.in(work).limits(4, 500, timeoutMs).build(),
                WorkerOptions.defaults().withConsole(console.out, console.err).withRunners(config -> runner));
        worker.initialized().get(30, TimeUnit.SECONDS);
        return Http.to(worker.port());
    }

    @Test
    void lightRequestsRunOnTheEventLoopAndOthersOnAScoringThread() throws Exception {
        Http http = start(new ThreadNamingRunner("/light"), 5_000);

        HttpResponse<String> light = http.post("/light", "{}");
        HttpResponse<String> heavy = http.post("/heavy", "{}");

        assertThat(light.statusCode()).isEqualTo(200);
        assertThat(light.body()).startsWith("vert.x-eventloop-thread-");
        assertThat(heavy.body()).startsWith("sluice-score-");
    }

    @Test
    void aTimedOutRequestOnTheLoopIsA408AndTheLoopGoesOnServing() throws Exception {
        ThreadNamingRunner runner = new ThreadNamingRunner("/light");
        Http http = start(runner, 300);

        HttpResponse<String> timedOut = http.post("/light/never", "{}");

        assertThat(timedOut.statusCode()).isEqualTo(408);
        assertThat(JSON.readTree(timedOut.body()).at("/error/code").asText()).isEqualTo("RequestTimeout");
        assertThat(runner.unanswered).singleElement().satisfies(f -> assertThat(f).isCancelled());
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> next = http.post("/light", "{}");
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(next.body()).startsWith("vert.x-eventloop-thread-");
        }
    }
}
