package dev.sluice.worker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.worker.support.Console;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final Console console = new Console();
    private final AccessLog log = new AccessLog(console.out);

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void oneLineWithMethodPathStatusMillisAndId() {
        assertThat(AccessLog.line("POST", "/score", 200, 12, "abc-1")).isEqualTo("ACCESS POST /score 200 12ms abc-1");
    }

    @Test
    void aMissingIdIsADash() {
        assertThat(AccessLog.line("GET", "/", 404, 0, null)).isEqualTo("ACCESS GET / 404 0ms -");
        assertThat(AccessLog.line("GET", "/", 404, 0, "")).isEqualTo("ACCESS GET / 404 0ms -");
    }

    @Test
    void aCallersIdCannotSplitTheLine() {
        assertThat(AccessLog.line("GET", "/", 200, 1, "a b\tc")).isEqualTo("ACCESS GET / 200 1ms a_b_c");
        assertThat(AccessLog.line("GET", "/", 200, 1, "x".repeat(500))).hasSize("ACCESS GET / 200 1ms ".length() + 200);
    }

    @Test
    void offAnEventLoopTheLineIsWrittenAtOnce() {
        log.log("POST", "/score", 200, 3, "now");

        assertThat(console.accessLines()).containsExactly("ACCESS POST /score 200 3ms now");
    }

    @Test
    void theLinesOfOneTurnOfTheLoopAreWrittenTogetherInOrderOnceTheTurnEnds() {
        List<String> seenDuringTheTurn = new ArrayList<>();
        vertx.runOnContext(v -> {
            for (int i = 1; i <= 3; i++) {
                log.log("POST", "/score", 200, i, "turn-" + i);
            }
            seenDuringTheTurn.addAll(console.accessLines());
        });

        await().atMost(WAIT).until(() -> console.accessLines().size() == 3);
        assertThat(seenDuringTheTurn).isEmpty();
        assertThat(console.accessLines()).containsExactly("ACCESS POST /score 200 1ms turn-1",
                "ACCESS POST /score 200 2ms turn-2", "ACCESS POST /score 200 3ms turn-3");
    }

    @Test
    void aTurnWithManyLinesWritesThemBeforeTheBatchGrowsPastItsBound() {
        String id = "x".repeat(150);
        int lines = 3 * AccessLog.MAX_BATCH_CHARS / id.length();
        List<Integer> seenDuringTheTurn = new ArrayList<>();
        vertx.runOnContext(v -> {
            for (int i = 0; i < lines; i++) {
                log.log("POST", "/score", 200, i, id);
            }
            seenDuringTheTurn.add(console.accessLines().size());
        });

        await().atMost(WAIT).until(() -> console.accessLines().size() == lines);
        assertThat(seenDuringTheTurn).singleElement().satisfies(n -> assertThat(n).isPositive().isLessThan(lines));
        for (int i = 0; i < lines; i++) {
            assertThat(console.accessLines().get(i)).isEqualTo("ACCESS POST /score 200 " + i + "ms " + id);
        }
    }

    @Test
    void flushAllWritesWhatALoopGatheredButHasNotWrittenYet() {
        List<String> seenAfterFlushAll = new ArrayList<>();
        Context loop = vertx.getOrCreateContext();
        loop.runOnContext(v -> {
            log.log("POST", "/score", 200, 1, "pending");
            log.flushAll();
            seenAfterFlushAll.addAll(console.accessLines());
        });

        // Tasks on one loop run in order: once this one has run, so has the flush the turn above queued.
        CompletableFuture<Void> later = new CompletableFuture<>();
        loop.runOnContext(v -> later.complete(null));
        await().atMost(WAIT).until(later::isDone);
        assertThat(seenAfterFlushAll).containsExactly("ACCESS POST /score 200 1ms pending");
        assertThat(console.accessLines()).as("written once").containsExactly("ACCESS POST /score 200 1ms pending");
    }
}
