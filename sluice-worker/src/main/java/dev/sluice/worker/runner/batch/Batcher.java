package dev.sluice.worker.runner.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Dynamic batching without a thread of its own: every request waits on the scoring thread that brought it,
 * and one of them, the leader, forms the next batch ({@link BatchQueue}) once the model is free, runs it on its
 * own thread and hands each request of the batch its result. One batch runs at a time; the next one gathers
 * meanwhile. A lone request on an idle model therefore runs at once on its own thread, as it would unbatched:
 * no hand-off to another thread and no wait unless {@code maxDelay} asks for one.
 *
 * <p>A batch that fails as a whole is no failure of its requests: each of them then runs alone, so a bad
 * request gets its own error and the others their answers. A caller whose thread is interrupted (its request
 * timed out) leaves the queue at once; once its batch runs, it waits for that batch, which is bounded by the
 * model's run time, so no more requests run than the worker admitted.
 *
 * @param <T> a request
 * @param <R> its result
 */
public final class Batcher<T, R> {

    /** Runs one batch. */
    @FunctionalInterface
    public interface BatchFunction<T, R> {

        /** One result per request, in order; throws when the batch as a whole failed. */
        List<R> run(List<T> batch) throws Exception;
    }

    /** One request. {@code result} and {@code failure} are written before {@code done}, which is guarded by the lock. */
    private final class Waiter {
        final T item;
        final Condition wake = lock.newCondition();
        boolean done;
        R result;
        Throwable failure;

        Waiter(T item) {
            this.item = item;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final BatchQueue<Waiter> queue;
    private final BatchFunction<T, R> function;
    private final LongSupplier nanoTime;
    /** The waiting request that forms the next batch, or null when none waits. */
    private Waiter leader;
    private boolean running;

    private Batcher(BatchQueue<Waiter> queue, BatchFunction<T, R> function, LongSupplier nanoTime) {
        this.queue = queue;
        this.function = function;
        this.nanoTime = nanoTime;
    }

    /** With {@link System#nanoTime()}. */
    public static <T, R> Batcher<T, R> create(int maxBatchSize, Duration maxDelay, BatchFunction<T, R> function) {
        return create(maxBatchSize, maxDelay, function, System::nanoTime);
    }

    public static <T, R> Batcher<T, R> create(int maxBatchSize, Duration maxDelay, BatchFunction<T, R> function,
                                              LongSupplier nanoTime) {
        return new Batcher<>(BatchQueue.create(maxBatchSize, maxDelay), function, nanoTime);
    }

    /**
     * Runs {@code item} in a batch with others of an equal {@code key} and returns its own result, blocking the
     * calling thread until then.
     *
     * @throws InterruptedException when the caller was interrupted while its request still waited
     * @throws Exception            what running the request (alone) threw
     */
    public R submit(T item, Object key) throws Exception {
        Waiter w = new Waiter(item);
        lock.lock();
        try {
            queue.add(w, key, nanoTime.getAsLong());
            if (leader == null) {
                leader = w;
            } else {
                // The leader may be waiting for this one to fill its batch.
                leader.wake.signal();
            }
            while (!w.done) {
                if (leader != w || running) {
                    w.wake.await();
                    continue;
                }
                BatchQueue.Decision<Waiter> next = queue.next(nanoTime.getAsLong());
                if (next.runs()) {
                    runLocked(w, next.batch());
                } else {
                    w.wake.awaitNanos(next.waitNanos());
                }
            }
        } catch (InterruptedException e) {
            leave(w);
            throw e;
        } finally {
            lock.unlock();
        }
        if (w.failure instanceof Exception e) {
            throw e;
        }
        if (w.failure instanceof Error e) {
            throw e;
        }
        return w.result;
    }

    /** Called with the lock held by the leader {@code w}; runs the batch without it, then passes the lead on. */
    private void runLocked(Waiter w, List<Waiter> batch) {
        running = true;
        if (batch.contains(w)) {
            leader = null;
        }
        lock.unlock();
        try {
            run(batch);
        } finally {
            lock.lock();
            running = false;
        }
        // Set under the lock, so that a waiter that sees done also sees its result.
        for (Waiter done : batch) {
            done.done = true;
            if (done != w) {
                done.wake.signal();
            }
        }
        if (leader == null) {
            leader = queue.oldest();
        }
        if (leader != null && leader != w) {
            leader.wake.signal();
        }
    }

    /** The caller gave up: out of the queue if it still waits there, else it waits for its running batch. */
    private void leave(Waiter w) {
        if (queue.remove(w)) {
            if (leader == w) {
                leader = queue.oldest();
                if (leader != null) {
                    leader.wake.signal();
                }
            }
            return;
        }
        while (!w.done) {
            w.wake.awaitUninterruptibly();
        }
    }

    private void run(List<Waiter> batch) {
        List<T> items = new ArrayList<>(batch.size());
        for (Waiter w : batch) {
            items.add(w.item);
        }
        try {
            List<R> results = function.run(items);
            if (results.size() != batch.size()) {
                throw new IllegalStateException(results.size() + " results for a batch of " + batch.size());
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result = results.get(i);
            }
        } catch (Throwable t) {
            if (batch.size() == 1) {
                batch.get(0).failure = t;
            } else {
                batch.forEach(this::runAlone);
            }
        }
    }

    private void runAlone(Waiter w) {
        try {
            w.result = single(function.run(List.of(w.item)));
        } catch (Throwable t) {
            w.failure = t;
        }
    }

    private R single(List<R> results) {
        if (results.size() != 1) {
            throw new IllegalStateException(results.size() + " results for one request");
        }
        return results.get(0);
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
}
