package dev.sluice.worker.runner.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batcher with real threads and a fake model that upper-cases its requests and records each batch. */
class BatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofMinutes(10);

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    /** Holds the model's first batch until released, so that the next requests gather behind it. */
    private final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);

    @AfterEach
    void stop() {
        firstBatchMayFinish.countDown();
        callers.shutdownNow();
    }

    private List<String> model(List<String> batch) throws InterruptedException {
        batches.add(List.copyOf(batch));
        if (batches.size() == 1) {
            firstBatchMayFinish.await();
        }
        List<String> out = new ArrayList<>();
        for (String s : batch) {
            if (s.startsWith("bad") && batch.size() == 1) {
                throw new IllegalArgumentException(s + ": not a valid request");
            }
            if (s.startsWith("bad")) {
                throw new IllegalStateException("the whole batch failed");
            }
            out.add(s.toUpperCase(Locale.ROOT));
        }
        return out;
    }

    private Batcher<String, String> batcher(int maxBatchSize, Duration delay) {
        return Batcher.create(maxBatchSize, delay, this::model);
    }

    private Future<String> submit(Batcher<String, String> batcher, String item, String key) {
        return callers.submit(() -> batcher.submit(item, key));
    }

    private static String get(Future<String> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts "first" and keeps the model busy with it until {@link #firstBatchMayFinish} is counted down. */
    private Future<String> busy(Batcher<String, String> batcher) {
        Future<String> first = submit(batcher, "first", "k");
        await().atMost(WAIT).until(() -> batches.size() == 1);
        return first;
    }

    @Test
    void aLoneRequestRunsAtOnceOnTheCallersThread() throws Exception {
        firstBatchMayFinish.countDown();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Batcher<String, String> batcher = Batcher.create(8, Duration.ZERO, batch -> {
            ranOn.set(Thread.currentThread());
            return model(batch);
        });
        assertThat(batcher.submit("a", "k")).isEqualTo("A");
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        assertThat(batches).containsExactly(List.of("a"));
    }

    @Test
    void requestsThatArriveWhileABatchRunsFormTheNextOneAndEachGetsItsOwnResult() throws Exception {
        Batcher<String, String> batcher = batcher(8, Duration.ZERO);
        Future<String> first = busy(batcher);
        Future<String> b = submit(batcher, "b", "k");
        Future<String> c = submit(batcher, "c", "k");
        Future<String> d = submit(batcher, "d", "k");
        await().atMost(WAIT).until(() -> batcher.waiting() == 3);
        firstBatchMayFinish.countDown();
        assertThat(List.of(get(first), get(b), get(c), get(d))).containsExactly("FIRST", "B", "C", "D");
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(batcher.waiting()).isZero();
    }

    @Test
    void aBatchHoldsAtMostMaxBatchSizeRequests() throws Exception {
        Batcher<String, String> batcher = batcher(2, Duration.ZERO);
        Future<String> first = busy(batcher);
        List<Future<String>> rest = new ArrayList<>();
        for (String s : List.of("b", "c", "d")) {
            rest.add(submit(batcher, s, "k"));
        }
        await().atMost(WAIT).until(() -> batcher.waiting() == 3);
        firstBatchMayFinish.countDown();
        get(first);
        for (Future<String> f : rest) {
            get(f);
        }
        assertThat(batches).extracting(List::size).containsExactly(1, 2, 1);
    }

    @Test
    void requestsOfDifferentShapesRunInSeparateBatches() throws Exception {
        Batcher<String, String> batcher = batcher(8, Duration.ZERO);
        Future<String> first = busy(batcher);
        Future<String> a1 = submit(batcher, "a1", "[1, 4]");
        await().atMost(WAIT).until(() -> batcher.waiting() == 1);
        Future<String> b1 = submit(batcher, "b1", "[1, 3]");
        Future<String> a2 = submit(batcher, "a2", "[1, 4]");
        await().atMost(WAIT).until(() -> batcher.waiting() == 3);
        firstBatchMayFinish.countDown();
        assertThat(List.of(get(first), get(a1), get(b1), get(a2))).containsExactly("FIRST", "A1", "B1", "A2");
        assertThat(batches.subList(1, batches.size())).containsExactlyInAnyOrder(List.of("a1", "a2"), List.of("b1"));
        assertThat(batches.get(1)).as("the group of the oldest request goes first").containsExactly("a1", "a2");
    }

    @Test
    void whenABatchFailsEachRequestRunsAloneSoOnlyTheBadOneFails() throws Exception {
        Batcher<String, String> batcher = batcher(8, Duration.ZERO);
        Future<String> first = busy(batcher);
        Future<String> b = submit(batcher, "b", "k");
        Future<String> bad = submit(batcher, "bad-one", "k");
        Future<String> d = submit(batcher, "d", "k");
        await().atMost(WAIT).until(() -> batcher.waiting() == 3);
        firstBatchMayFinish.countDown();
        assertThat(get(first)).isEqualTo("FIRST");
        assertThat(get(b)).isEqualTo("B");
        assertThat(get(d)).isEqualTo("D");
        assertThatThrownBy(() -> get(bad)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("bad-one: not a valid request");
        assertThat(batches.subList(2, batches.size())).extracting(List::size).containsOnly(1);
    }

    @Test
    void aBatchThatIsNotFullWaitsForTheDelayAndRunsOnceFull() throws Exception {
        firstBatchMayFinish.countDown();
        Batcher<String, String> batcher = batcher(2, LONG);
        Future<String> a = submit(batcher, "a", "k");
        await().atMost(WAIT).until(() -> batcher.waiting() == 1);
        assertThat(a.isDone()).isFalse();
        Future<String> b = submit(batcher, "b", "k");
        assertThat(List.of(get(a), get(b))).containsExactly("A", "B");
        assertThat(batches).containsExactly(List.of("a", "b"));
    }

    @Test
    void aRequestWhoseCallerGivesUpLeavesTheQueueAndTheOthersStillRun() throws Exception {
        Batcher<String, String> batcher = batcher(8, Duration.ZERO);
        Future<String> first = busy(batcher);
        Future<String> b = submit(batcher, "b", "k");
        Future<String> c = submit(batcher, "c", "k");
        await().atMost(WAIT).until(() -> batcher.waiting() == 2);
        b.cancel(true);
        await().atMost(WAIT).until(() -> batcher.waiting() == 1);
        firstBatchMayFinish.countDown();
        assertThat(List.of(get(first), get(c))).containsExactly("FIRST", "C");
        assertThat(batches).containsExactly(List.of("first"), List.of("c"));
    }

    @Test
    void whenTheLeaderGivesUpAnotherWaitingRequestFormsTheBatch() throws Exception {
        firstBatchMayFinish.countDown();
        Batcher<String, String> batcher = batcher(3, LONG);
        Future<String> leader = submit(batcher, "a", "k");
        await().atMost(WAIT).until(() -> batcher.waiting() == 1);
        Future<String> b = submit(batcher, "b", "k");
        await().atMost(WAIT).until(() -> batcher.waiting() == 2);
        leader.cancel(true);
        await().atMost(WAIT).until(() -> batcher.waiting() == 1);
        Future<String> c = submit(batcher, "c", "k");
        Future<String> d = submit(batcher, "d", "k");
        assertThat(List.of(get(b), get(c), get(d))).containsExactly("B", "C", "D");
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).containsExactlyInAnyOrder("b", "c", "d");
    }
}
