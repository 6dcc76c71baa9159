package dev.sluice.worker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.worker.Worker;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.Http;
import dev.sluice.worker.support.JavaSources;
import dev.sluice.worker.support.TestConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queueing, 429, 408 and the worker's own headers, with the control Score.java holding requests until the test
 * lets them go (a file appearing), so that nothing here depends on how fast the machine is.
 */
class AdmissionIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path work;
    private Path code;
    private final List<Worker> workers = new ArrayList<>();
    private final Console console = new Console();

    @BeforeEach
    void copyScript() throws Exception {
        code = work.resolve("code");
        JavaSources.copyResourceFile("scripts/control/Score.java", code.resolve("Score.java"));
    }

    @AfterEach
    void stop() throws Exception {
        Files.writeString(work.resolve("release"), "go");
        workers.forEach(Worker::close);
    }

    private Worker startWorker(int concurrent, int queueWaitMs, int timeoutMs, WorkerOptions options) throws Exception {
        Worker worker = Worker.start(TestConfig.in(work).java(code, "Score.java").limits(concurrent, queueWaitMs, timeoutMs)
                .build(), options.withConsole(console.out, console.err));
        workers.add(worker);
        worker.initialized().get(60, TimeUnit.SECONDS);
        return worker;
    }

    private Http start(int concurrent, int queueWaitMs, int timeoutMs) throws Exception {
        return Http.to(startWorker(concurrent, queueWaitMs, timeoutMs, WorkerOptions.defaults()).port());
    }

    /** A request that runs until the file {@code release} appears; returns once it is running. */
    private CompletableFuture<HttpResponse<String>> held(Http http, String name) {
        Path started = work.resolve("started-" + name);
        CompletableFuture<HttpResponse<String>> response = http.postAsync(
                "/score?started=" + started + "&wait_for=" + work.resolve("release"), "{}", "x-request-id", name);
        await().atMost(WAIT).until(() -> Files.exists(started));
        return response;
    }

    private void release() throws Exception {
        Files.writeString(work.resolve("release"), "go");
    }

    private static String errorCode(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).at("/error/code").asText();
    }

    @Test
    void aFullQueueIsRefusedAt429AndTheQueuedRequestRunsLater() throws Exception {
        Http http = start(1, 10_000, 20_000);
        CompletableFuture<HttpResponse<String>> running = held(http, "a");

        CompletableFuture<HttpResponse<String>> second = http.postAsync("/score", "{}", "x-request-id", "b");
        CompletableFuture<HttpResponse<String>> third = http.postAsync("/score", "{}", "x-request-id", "c");
        await().atMost(WAIT).until(() -> second.isDone() || third.isDone());
        HttpResponse<String> refused = second.isDone() ? second.get() : third.get();
        CompletableFuture<HttpResponse<String>> waiting = second.isDone() ? third : second;

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("x-sluice-error")).contains("TooManyRequests");
        assertThat(errorCode(refused)).isEqualTo("TooManyRequests");
        assertThat(refused.headers().firstValue("x-sluice-queue-wait-us")).as("never queued").isEmpty();
        assertThat(waiting).isNotDone();
        release();
        assertThat(running.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        HttpResponse<String> queued = waiting.get(15, TimeUnit.SECONDS);
        assertThat(queued.statusCode()).isEqualTo(200);
        // The unit is pinned by the 408 test below; here: the one that waited reports more than the one that ran.
        assertThat(queueWaitMicros(queued)).isPositive();
        assertThat(queueWaitMicros(running.get())).isNotNegative().isLessThan(queueWaitMicros(queued));
    }

    private static long queueWaitMicros(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("x-sluice-queue-wait-us").orElseThrow());
    }

    @Test
    void aRequestWaitingLongerThanMaxQueueWaitGets408() throws Exception {
        Http http = start(1, 200, 20_000);
        CompletableFuture<HttpResponse<String>> running = held(http, "a");

        long sent = System.nanoTime();
        HttpResponse<String> late = http.post("/score", "{}");
        long answeredAfterMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent);

        assertThat(late.statusCode()).isEqualTo(408);
        assertThat(late.headers().firstValue("x-sluice-error")).contains("RequestTimeout");
        assertThat(JSON.readTree(late.body()).at("/error/message").asText())
                .isEqualTo("request waited longer than max_queue_wait_ms (200) for one of 1 scoring slots");
        // Microseconds: at least max_queue_wait_ms, at most the time the caller waited for the answer.
        assertThat(queueWaitMicros(late)).isBetween(TimeUnit.MILLISECONDS.toMicros(200), answeredAfterMicros);
        release();
        assertThat(running.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestRunningPastTheTimeoutGets408AtOnceAndItsSlotComesBack() throws Exception {
        Http http = start(1, 5_000, 400);

        HttpResponse<String> slow = http.post("/score?wait_for=" + work.resolve("release"), "{}", "x-request-id", "slow");

        assertThat(slow.statusCode()).isEqualTo(408);
        assertThat(slow.headers().firstValue("x-sluice-error")).contains("RequestTimeout");
        assertThat(JSON.readTree(slow.body()).at("/error/message").asText())
                .isEqualTo("request took longer than request_timeout_ms (400)");
        // The script's wait is interruptible, so the timed-out run gives its slot back without a release.
        HttpResponse<String> next = http.post("/score", "{}", "x-request-id", "next");
        assertThat(next.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> console.accessLines().size() == 2);
        assertThat(console.accessLines()).satisfiesExactly(
                l -> assertThat(l).matches("ACCESS POST /score 408 \\d+ms slow"),
                l -> assertThat(l).matches("ACCESS POST /score 200 \\d+ms next"));
    }

    @Test
    void aCallerThatGivesUpWhileQueuedLeavesTheQueue() throws Exception {
        Http http = start(1, 10_000, 20_000);
        CompletableFuture<HttpResponse<String>> running = held(http, "a");

        CompletableFuture<HttpResponse<String>> impatient =
                http.postAsyncGivingUpAfter(Duration.ofMillis(300), "/score", "{}", "x-request-id", "impatient");

        await().atMost(WAIT).until(() -> console.accessLines().stream().anyMatch(l -> l.contains(" impatient")));
        assertThat(console.accessLines()).anySatisfy(l -> assertThat(l).matches("ACCESS POST /score 499 \\d+ms impatient"));
        // The client fails its future on its own thread, possibly after the worker has seen the connection go.
        await().atMost(WAIT).until(impatient::isDone);
        assertThat(impatient).isCompletedExceptionally();
        // Its place is free again: one more request may wait instead of being refused.
        CompletableFuture<HttpResponse<String>> next = http.postAsync("/score", "{}", "x-request-id", "next");
        release();
        assertThat(running.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(next.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsBeforeReadyAre503AndReadinessSaysStarting() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        WorkerOptions options = WorkerOptions.defaults().withRunners(config -> new GatedRunner(gate));
        Worker worker = Worker.start(TestConfig.in(work).java(code, "Score.java").build(),
                options.withConsole(console.out, console.err));
        workers.add(worker);
        Http http = Http.to(worker.port());

        HttpResponse<String> ready = http.get("/.sluice/ready");
        HttpResponse<String> early = http.post("/score", "{}");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"state\":\"Starting\"}");
        assertThat(http.get("/.sluice/live").statusCode()).isEqualTo(200);
        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(early.headers().firstValue("x-sluice-error")).contains("ResourceNotReady");
        assertThat(errorCode(early)).isEqualTo("ResourceNotReady");
        gate.complete(null);
        await().atMost(WAIT).until(() -> http.get("/.sluice/ready").statusCode() == 200);
        assertThat(http.get("/.sluice/ready").body()).isEqualTo("{\"state\":\"Ready\"}");
        assertThat(http.post("/score", "hi").body()).isEqualTo("gated:hi");
        assertThat(http.get("/.sluice/other").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitIs413AndTheWorkerCarriesOn() throws Exception {
        Http http = Http.to(startWorker(1, 500, 5_000, WorkerOptions.defaults().withMaxBodyBytes(1024)).port());

        HttpResponse<String> big = http.post("/score", "x".repeat(4096));

        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.headers().firstValue("x-sluice-error")).contains("PayloadTooLarge");
        assertThat(http.post("/score", "x".repeat(1024)).statusCode()).isEqualTo(200);
    }

    @Test
    void requestIdsAreEchoedOrMadeAndEveryAnswerIsLogged() throws Exception {
        Http http = start(2, 500, 5_000);

        HttpResponse<String> given = http.post("/score", "{}", "x-request-id", "my-id-1");
        HttpResponse<String> made = http.post("/score", "{}");

        assertThat(given.headers().firstValue("x-request-id")).contains("my-id-1");
        String id = made.headers().firstValue("x-request-id").orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(made.headers().firstValue("x-ms-run-fn-exec-ms")).isPresent();
        await().atMost(WAIT).until(() -> console.accessLines().size() == 2);
        assertThat(console.accessLines().get(0)).matches("ACCESS POST /score 200 \\d+ms my-id-1");
        assertThat(console.accessLines().get(1)).matches("ACCESS POST /score 200 \\d+ms " + id);
    }

    @Test
    void closingLetsRequestsInFlightFinishAndRefusesNewOnes() throws Exception {
        Worker worker = startWorker(2, 500, 10_000, WorkerOptions.defaults());
        Http http = Http.to(worker.port());
        CompletableFuture<HttpResponse<String>> inFlight = held(http, "a");

        CompletableFuture<Void> closed = CompletableFuture.runAsync(worker::close);
        await().atMost(WAIT).until(() -> http.get("/.sluice/ready").statusCode() == 503);
        assertThat(http.get("/.sluice/ready").body()).isEqualTo("{\"state\":\"Terminating\"}");
        HttpResponse<String> refused = http.post("/score", "{}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("x-sluice-error")).contains("ResourceNotReady");
        assertThat(closed).isNotDone();
        release();

        assertThat(inFlight.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        closed.get(15, TimeUnit.SECONDS);
        assertThat(console.out()).contains("stopping: 1 requests in flight").contains("stopped");
    }

    /** A runner whose init waits for the test, to observe the Starting state. */
    private record GatedRunner(CompletableFuture<Void> gate) implements dev.sluice.worker.runner.Runner {
        @Override
        public void init() throws Exception {
            gate.get(30, TimeUnit.SECONDS);
        }

        @Override
        public dev.sluice.scoring.ScoringResult handle(dev.sluice.scoring.ScoringRequest request) {
            return dev.sluice.scoring.ScoringResult.text("gated:" + request.bodyAsString());
        }

        @Override
        public void close() {
        }
    }
}
