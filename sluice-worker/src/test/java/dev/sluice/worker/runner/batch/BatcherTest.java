package dev.sluice.worker.runner.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batcher with real threads and a fake model that upper-cases its requests and records each batch. */
class BatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofMinutes(10);

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-batch");
        t.setDaemon(true);
        return t;
    });
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final List<Thread> ranOn = new CopyOnWriteArrayList<>();
    /** Holds the model's first batch until released, so that the next requests gather behind it. */
    private final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);

    @AfterEach
    void stop() {
        firstBatchMayFinish.countDown();
        callers.shutdownNow();
        thread.shutdownNow();
    }

    private List<String> model(List<String> batch) throws InterruptedException {
        batches.add(List.copyOf(batch));
        ranOn.add(Thread.currentThread());
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
        return Batcher.create(maxBatchSize, delay, this::model, System::nanoTime, thread);
    }

    private static String get(Future<String> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Submits "first" on a thread of its own, which keeps the model busy until {@link #firstBatchMayFinish}. */
    private Future<CompletableFuture<String>> first(Batcher<String, String> batcher) {
        Future<CompletableFuture<String>> first = callers.submit(() -> batcher.submit("first", "k"));
        await().atMost(WAIT).until(() -> batches.size() == 1);
        return first;
    }

    private static String result(Future<CompletableFuture<String>> first) throws Exception {
        return get(first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aLoneRequestRunsAtOnceOnTheBatchersThreadNeverItsCallers() throws Exception {
        firstBatchMayFinish.countDown();
        CompletableFuture<String> a = batcher(8, Duration.ZERO).submit("a", "k");

        assertThat(get(a)).isEqualTo("A");
        assertThat(ranOn).hasSize(1);
        assertThat(ranOn.get(0).getName()).as("the caller may be an event loop: the model never runs on it")
                .isEqualTo("test-batch");
        assertThat(batches).containsExactly(List.of("a"));
    }

    @Test
    void requestsThatArriveWhileABatchRunsQueueAndRunTogetherOnTheBusyThread() throws Exception {
        Batcher<String, String> batcher = batcher(8, Duration.ZERO);
        Future<CompletableFuture<String>> first = first(batcher);

        CompletableFuture<String> b = batcher.submit("b", "k");
        CompletableFuture<String> c = batcher.submit("c", "k");
        CompletableFuture<String> d = batcher.submit("d", "k");
        assertThat(List.of(b, c, d)).noneMatch(CompletableFuture::isDone);
        assertThat(batcher.waiting()).isEqualTo(3);
        firstBatchMayFinish.countDown();

        assertThat(result(first)).isEqualTo("FIRST");
        assertThat(List.of(get(b), get(c), get(d))).containsExactly("B", "C", "D");
        assertThat(batches).containsExactly(List.of("first"), List.of("b", "c", "d"));
        assertThat(ranOn.get(1)).as("the batcher's thread runs what queued meanwhile")
                .isSameAs(ranOn.get(0)).isNotSameAs(Thread.currentThread());
        assertThat(batcher.waiting()).isZero();
    }

    @Test
    void aBatchHoldsAtMostMaxBatchSizeRequests() throws Exception {
        Batcher<String, String> batcher = batcher(2, Duration.ZERO);
        Future<CompletableFuture<String>> first = first(batcher);
        List<CompletableFuture<String>> rest = new ArrayList<>();
        for (String s : List.of("b", "c", "d")) {
            rest.add(batcher.submit(s, "k"));
        }
        firstBatchMayFinish.countDown();

        result(first);
        for (CompletableFuture<String> f : rest) {
            get(f);
        }
        assertThat(batches).containsExactly(List.of("first"), List.of("b", "c"), List.of("d"));
    }

    @Test
    void requestsOfDifferentShapesRunInSeparateBatchesOldestGroupFirst() throws Exception {
        Batcher<String, String> batcher = batcher(8, Duration.ZERO);
        Future<CompletableFuture<String>> first = first(batcher);
        CompletableFuture<String> a1 = batcher.submit("a1", "[1, 4]");
        CompletableFuture<String> b1 = batcher.submit("b1", "[1, 3]");
        CompletableFuture<String> a2 = batcher.submit("a2", "[1, 4]");
        firstBatchMayFinish.countDown();

        result(first);
        assertThat(List.of(get(a1), get(b1), get(a2))).containsExactly("A1", "B1", "A2");
        assertThat(batches).containsExactly(List.of("first"), List.of("a1", "a2"), List.of("b1"));
    }

    @Test
    void whenABatchFailsEachRequestRunsAloneSoOnlyTheBadOneFails() throws Exception {
        Batcher<String, String> batcher = batcher(8, Duration.ZERO);
        Future<CompletableFuture<String>> first = first(batcher);
        CompletableFuture<String> b = batcher.submit("b", "k");
        CompletableFuture<String> bad = batcher.submit("bad-one", "k");
        CompletableFuture<String> d = batcher.submit("d", "k");
        firstBatchMayFinish.countDown();

        assertThat(result(first)).isEqualTo("FIRST");
        assertThat(get(b)).isEqualTo("B");
        assertThat(get(d)).isEqualTo("D");
        assertThatThrownBy(() -> get(bad)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("bad-one: not a valid request");
        assertThat(batches.get(1)).containsExactly("b", "bad-one", "d");
        assertThat(batches.subList(2, batches.size())).containsExactly(List.of("b"), List.of("bad-one"), List.of("d"));
    }

    @Test
    void aBatchThatIsNotFullWaitsForTheDelayButRunsAtOnceWhenFull() throws Exception {
        firstBatchMayFinish.countDown();
        Batcher<String, String> batcher = batcher(2, LONG);
        CompletableFuture<String> a = batcher.submit("a", "k");
        assertThat(a).isNotDone();
        assertThat(batcher.waiting()).isEqualTo(1);

        CompletableFuture<String> b = batcher.submit("b", "k");

        assertThat(List.of(get(a), get(b))).containsExactly("A", "B");
        assertThat(batches).containsExactly(List.of("a", "b"));
        assertThat(ranOn).extracting(Thread::getName).containsExactly("test-batch");
    }

    @Test
    void aBatchThatWaitedItsDelayRunsWhenDue() throws Exception {
        firstBatchMayFinish.countDown();
        Batcher<String, String> batcher = batcher(8, Duration.ofMillis(20));
        CompletableFuture<String> a = batcher.submit("a", "k");
        CompletableFuture<String> b = batcher.submit("b", "k");

        assertThat(List.of(get(a), get(b))).containsExactly("A", "B");
        assertThat(batches).containsExactly(List.of("a", "b"));
        assertThat(ranOn.get(0).getName()).isEqualTo("test-batch");
    }

    @Test
    void requestsThatJoinAWaitingBatchDoNotWakeTheBatchersThread() throws Exception {
        firstBatchMayFinish.countDown();
        AtomicInteger wakeUps = new AtomicInteger();
        ScheduledThreadPoolExecutor counting = new ScheduledThreadPoolExecutor(1) {
            @Override
            public void execute(Runnable command) {
                wakeUps.incrementAndGet();
                super.execute(command);
            }
        };
        try {
            Batcher<String, String> batcher = Batcher.create(4, LONG, this::model, System::nanoTime, counting);
            List<CompletableFuture<String>> sent = new ArrayList<>();
            sent.add(batcher.submit("a", "k"));
            // The thread found the batch not full and armed its wait (the only task left in its queue).
            await().atMost(WAIT).until(() -> counting.getQueue().size() == 1 && counting.getActiveCount() == 0);
            for (String s : List.of("b", "c")) {
                sent.add(batcher.submit(s, "k"));
            }
            assertThat(wakeUps).as("only the first request of an idle batcher wakes its thread").hasValue(1);

            sent.add(batcher.submit("d", "k"));

            assertThat(get(sent.get(3))).isEqualTo("D");
            assertThat(wakeUps).as("and the one that fills the batch").hasValue(2);
            assertThat(batches).containsExactly(List.of("a", "b", "c", "d"));
        } finally {
            counting.shutdownNow();
        }
    }

    @Test
    void aRequestWhoseCallerGivesUpLeavesTheQueueAndTheOthersStillRun() throws Exception {
        Batcher<String, String> batcher = batcher(8, Duration.ZERO);
        Future<CompletableFuture<String>> first = first(batcher);
        CompletableFuture<String> b = batcher.submit("b", "k");
        CompletableFuture<String> c = batcher.submit("c", "k");

        b.cancel(false);
        assertThat(batcher.waiting()).isEqualTo(1);
        firstBatchMayFinish.countDown();

        assertThat(List.of(result(first), get(c))).containsExactly("FIRST", "C");
        assertThat(batches).containsExactly(List.of("first"), List.of("c"));
    }

    @Test
    void closingFailsWhatStillWaits() {
        firstBatchMayFinish.countDown();
        Batcher<String, String> batcher = batcher(2, LONG);
        CompletableFuture<String> a = batcher.submit("a", "k");

        batcher.close();

        assertThatThrownBy(() -> get(a)).cause().hasMessage("the model is closing");
        assertThat(batches).isEmpty();
    }

    @Test
    void aRequestAfterCloseFailsAtOnce() {
        Batcher<String, String> batcher = batcher(2, Duration.ZERO);
        batcher.close();

        CompletableFuture<String> late = batcher.submit("late", "k");

        assertThatThrownBy(() -> get(late)).cause().hasMessage("the model is closing");
        assertThat(batches).isEmpty();
    }
}
