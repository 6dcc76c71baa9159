package dev.sluice.worker.runner.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Dynamic batching in which no request holds a thread while it waits: {@link #submit} queues a request and
 * returns its future at once, never running the model on its caller's thread, so that the worker's HTTP event
 * loop may call it. The batcher's own thread runs the batches that are due ({@link BatchQueue}), one at a time,
 * until none is, completing each request's future; requests that arrive meanwhile only queue. So a lone request
 * on an idle model costs one hand-off to that thread, and a busy model none: a queueing per request rather than
 * a thread to wake. A batch that is not full and may still wait ({@code maxDelay} above zero) is run by the same
 * thread when it is due, unless a request that fills it comes first.
 *
 * <p>A batch that fails as a whole is no failure of its requests: each of them then runs alone, so a bad
 * request gets its own error and the others their answers. A cancelled future (its request timed out) leaves
 * the queue at once; once its batch runs, the batch runs without it.
 *
 * @param <T> a request
 * @param <R> its result
 */
public final class Batcher<T, R> implements AutoCloseable {

    /** Runs one batch. */
    @FunctionalInterface
    public interface BatchFunction<T, R> {

        /** One result per request, in order; throws when the batch as a whole failed. */
        List<R> run(List<T> batch) throws Exception;
    }

    private record Pending<T, R>(T item, CompletableFuture<R> future) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final BatchQueue<Pending<T, R>> queue;
    private final BatchFunction<T, R> function;
    private final LongSupplier nanoTime;
    /** The one thread that runs batches, at once or when a waiting one is due. */
    private final ScheduledExecutorService thread;
    /** Whether a thread is running batches; guarded by the lock. */
    private boolean driving;
    /** The timer's next run, or null; guarded by the lock. */
    private ScheduledFuture<?> due;

    private Batcher(BatchQueue<Pending<T, R>> queue, BatchFunction<T, R> function, LongSupplier nanoTime,
                    ScheduledExecutorService thread) {
        this.queue = queue;
        this.function = function;
        this.nanoTime = nanoTime;
        this.thread = thread;
    }

    /** @param name names the batcher's thread, {@code sluice-batch-<name>} */
    public static <T, R> Batcher<T, R> create(String name, int maxBatchSize, Duration maxDelay,
                                              BatchFunction<T, R> function) {
        return create(maxBatchSize, maxDelay, function, System::nanoTime,
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sluice-batch-" + name);
                    t.setDaemon(true);
                    return t;
                }));
    }

    /** For tests: a clock of their own, and the batcher's thread of their own (one thread; closed with it). */
    static <T, R> Batcher<T, R> create(int maxBatchSize, Duration maxDelay, BatchFunction<T, R> function,
                                       LongSupplier nanoTime, ScheduledExecutorService thread) {
        Objects.requireNonNull(thread, "thread");
        return new Batcher<>(BatchQueue.create(maxBatchSize, maxDelay), function, nanoTime, thread);
    }

    /**
     * Queues {@code item} to run in a batch with others of an equal {@code key} and returns at once; the
     * batcher's thread runs it. Cancelling the future withdraws the request.
     *
     * @return its own result, or what running it (alone) threw
     */
    public CompletableFuture<R> submit(T item, Object key) {
        Pending<T, R> p = new Pending<>(item, new CompletableFuture<>());
        boolean drive;
        lock.lock();
        try {
            queue.add(p, key, nanoTime.getAsLong());
            // With a wait armed, the batcher's thread is woken only when this request fills its batch: the armed
            // wait is for an older group, due before this request's, so every other arrival would wake it for nothing.
            drive = !driving && (due == null || queue.full(key));
            driving |= drive;
        } finally {
            lock.unlock();
        }
        p.future().whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                withdraw(p);
            }
        });
        if (drive) {
            try {
                thread.execute(this::drive);
            } catch (RejectedExecutionException e) {
                close();
            }
        }
        return p.future();
    }

    /** On the batcher's thread, once {@code driving} was set: runs what is due, then arms the timer for the rest. */
    private void drive() {
        while (true) {
            List<Pending<T, R>> batch;
            lock.lock();
            try {
                BatchQueue.Decision<Pending<T, R>> next = queue.next(nanoTime.getAsLong());
                if (!next.runs()) {
                    driving = false;
                    if (!next.idle()) {
                        arm(next.waitNanos());
                    } else if (due != null) {
                        // Nothing waits any more: no wake-up for nothing, and the next request starts a drive itself.
                        due.cancel(false);
                        due = null;
                    }
                    return;
                }
                batch = next.batch();
            } finally {
                lock.unlock();
            }
            run(batch);
        }
    }

    /** With the lock held: the timer drives once the first waiting group is due. */
    private void arm(long nanos) {
        if (due != null) {
            due.cancel(false);
        }
        due = thread.schedule(this::onDue, nanos, TimeUnit.NANOSECONDS);
    }

    private void onDue() {
        lock.lock();
        try {
            due = null;
            if (driving) {
                return;
            }
            driving = true;
        } finally {
            lock.unlock();
        }
        drive();
    }

    private void withdraw(Pending<T, R> p) {
        lock.lock();
        try {
            queue.remove(p);
        } finally {
            lock.unlock();
        }
    }

    /** Runs the batch on this thread and completes each request's future with its result or its failure. */
    private void run(List<Pending<T, R>> batch) {
        List<Pending<T, R>> live = new ArrayList<>(batch.size());
        for (Pending<T, R> p : batch) {
            if (!p.future().isDone()) {
                live.add(p);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        List<T> items = new ArrayList<>(live.size());
        for (Pending<T, R> p : live) {
            items.add(p.item());
        }
        List<R> results;
        try {
            results = function.run(items);
            if (results.size() != live.size()) {
                throw new IllegalStateException(results.size() + " results for a batch of " + live.size());
            }
        } catch (Throwable t) {
            if (live.size() == 1) {
                live.get(0).future().completeExceptionally(t);
            } else {
                live.forEach(this::runAlone);
            }
            return;
        }
        for (int i = 0; i < live.size(); i++) {
            live.get(i).future().complete(results.get(i));
        }
    }

    private void runAlone(Pending<T, R> p) {
        try {
            List<R> results = function.run(List.of(p.item()));
            if (results.size() != 1) {
                throw new IllegalStateException(results.size() + " results for one request");
            }
            p.future().complete(results.get(0));
        } catch (Throwable t) {
            p.future().completeExceptionally(t);
        }
    }

    /** Requests waiting for a batch (not those running); for tests and diagnostics. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the batcher's thread; requests still waiting fail, since no one would run them. */
    @Override
    public void close() {
        thread.shutdownNow();
        List<Pending<T, R>> left = new ArrayList<>();
        lock.lock();
        try {
            for (Pending<T, R> p = queue.oldest(); p != null; p = queue.oldest()) {
                queue.remove(p);
                left.add(p);
            }
        } finally {
            lock.unlock();
        }
        left.forEach(p -> p.future().completeExceptionally(new IllegalStateException("the model is closing")));
    }
}
