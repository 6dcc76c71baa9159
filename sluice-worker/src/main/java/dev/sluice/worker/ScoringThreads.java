package dev.sluice.worker;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run scoring code, one per {@code max_concurrent_requests_per_instance} slot.
 *
 * <p>A {@link ForkJoinPool} rather than a {@code ThreadPoolExecutor}: its idle threads wait on a stack, so the
 * thread that finished last takes the next request, with its caches and stack still warm. A thread pool
 * executor wakes its idle threads in turn, so with 64 slots and a trivial scorer every request landed on a
 * cold thread: about 15 µs of CPU per request for the hand-off alone, against 5 µs here (bench/compare.sh).
 * The pool never grows beyond {@code threads}, not even to cover scoring code that waits on a future;
 * admission control bounds how many tasks are submitted, so the pool's own queue never holds more either.
 */
public final class ScoringThreads {

    /** An idle scoring thread ends after this and is started again when needed. */
    private static final Duration IDLE_THREAD_KEEP_ALIVE = Duration.ofMinutes(1);

    private ScoringThreads() {
    }

    /** At most {@code threads} daemon threads named {@code sluice-score-N}, started as requests need them. */
    public static ExecutorService create(int threads) {
        AtomicInteger count = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("sluice-score-" + count.incrementAndGet());
            return thread;
        };
        // asyncMode: tasks are taken in the order they were submitted. A task that blocks in a managed way (say,
        // CompletableFuture.get() in scoring code) gets no spare thread: never more threads than slots, and no
        // thread created or woken per request; minimumRunnable 0 since tasks never wait for one another.
        return new ForkJoinPool(threads, factory, null, true, 0, threads, 0, pool -> true,
                IDLE_THREAD_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
