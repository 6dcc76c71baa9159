package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScoringThreadsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ExecutorService threads;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void theThreadThatWentIdleLastTakesTheNextRequest() throws Exception {
        threads = ScoringThreads.create(16);
        assertThat(threads).isInstanceOf(ForkJoinPool.class);
        ForkJoinPool pool = (ForkJoinPool) threads;
        Set<Thread> used = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            await().atMost(WAIT).until(() -> pool.getActiveThreadCount() == 0);
            used.add(threads.submit(Thread::currentThread).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        // Requests one at a time stay on one warm thread instead of visiting all 16 in turn.
        assertThat(used).hasSize(1);
        Thread thread = used.iterator().next();
        assertThat(thread.getName()).startsWith("sluice-score-");
        assertThat(thread.isDaemon()).as("scoring threads never keep a stopping worker alive").isTrue();
    }

    @Test
    void scoringCodeWaitingOnAFutureGetsNoSpareThread() throws Exception {
        threads = ScoringThreads.create(2);
        CompletableFuture<String> never = new CompletableFuture<>();
        AtomicInteger waiting = new AtomicInteger();
        List<Future<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tasks.add(threads.submit(() -> {
                waiting.incrementAndGet();
                return never.get();
            }));
        }
        ForkJoinPool pool = (ForkJoinPool) threads;
        await().atMost(WAIT).until(() -> waiting.get() == 2 && pool.getQueuedSubmissionCount() == 0);
        // A default pool would add a thread to cover a managed wait; one per slot is all scoring may use.
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> pool.getPoolSize() <= 2);
        never.complete("done");
        for (Future<String> task : tasks) {
            assertThat(task.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
        }
    }

    @Test
    void neverRunsMoreThanItsThreadsAtOnce() throws Exception {
        int size = 4;
        threads = ScoringThreads.create(size);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<String> names = ConcurrentHashMap.newKeySet();
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 3 * size; i++) {
            tasks.add(threads.submit(() -> {
                names.add(Thread.currentThread().getName());
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await();
                running.decrementAndGet();
                return null;
            }));
        }
        await().atMost(WAIT).until(() -> running.get() == size);
        release.countDown();
        for (Future<?> task : tasks) {
            task.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(most.get()).isEqualTo(size);
        assertThat(names).hasSizeLessThanOrEqualTo(size);
    }
}
