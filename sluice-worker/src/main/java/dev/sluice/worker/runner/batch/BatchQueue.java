package dev.sluice.worker.runner.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Which waiting requests run together, and when: requests with equal keys (same input datatypes and
 * dimensions beyond the first, same outputs) may share a batch; a group runs once it holds
 * {@code maxBatchSize} requests or its oldest request has waited {@code maxDelay}, oldest group first.
 *
 * <p>Pure bookkeeping: time comes in as nanosecond readings, so tests need no clock and no sleeps. Not
 * thread-safe; {@link Batcher} guards it with its lock. Bounded by its owner: a worker admits at most
 * {@code max_concurrent_requests_per_instance} requests, so no more can wait here.
 *
 * @param <T> what waits
 */
public final class BatchQueue<T> {

    /** What to do now: run {@link #batch} (non-empty), or wait {@link #waitNanos} for more, or nothing waits. */
    public record Decision<T>(List<T> batch, long waitNanos) {

        public Decision {
            batch = List.copyOf(batch);
        }

        public boolean runs() {
            return !batch.isEmpty();
        }

        public boolean idle() {
            return batch.isEmpty() && waitNanos == 0;
        }
    }

    private record Entry<T>(T item, Object key, long arrivedNanos) {
    }

    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final List<Entry<T>> entries = new ArrayList<>();

    private BatchQueue(int maxBatchSize, Duration maxDelay) {
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /**
     * @param maxBatchSize the most requests in one batch, at least 1
     * @param maxDelay     how long a group that is not full may wait for more after its oldest request arrived
     */
    public static <T> BatchQueue<T> create(int maxBatchSize, Duration maxDelay) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize: " + maxBatchSize + " (expected: at least 1)");
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay: " + maxDelay + " (expected: zero or more)");
        }
        return new BatchQueue<>(maxBatchSize, maxDelay);
    }

    /** A request that may share a batch with others of an equal {@code key}. */
    public void add(T item, Object key, long nowNanos) {
        entries.add(new Entry<>(item, Objects.requireNonNull(key, "key"), nowNanos));
    }

    /** Takes a waiting request out (its caller gave up); false when it is not waiting. */
    public boolean remove(T item) {
        for (Iterator<Entry<T>> it = entries.iterator(); it.hasNext(); ) {
            if (it.next().item() == item) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** The request that has waited longest, or null. */
    public T oldest() {
        return entries.isEmpty() ? null : entries.get(0).item();
    }

    public int size() {
        return entries.size();
    }

    /**
     * The batch to run at {@code nowNanos}, taken out of the queue: the first group, by its oldest request,
     * that is full or has waited {@code maxDelay}. When none is ready, how long until the first one is.
     */
    public Decision<T> next(long nowNanos) {
        long wait = Long.MAX_VALUE;
        List<Object> seen = new ArrayList<>(2);
        for (Entry<T> head : entries) {
            if (seen.contains(head.key())) {
                continue;
            }
            seen.add(head.key());
            long waited = nowNanos - head.arrivedNanos();
            if (waited >= maxDelayNanos || count(head.key()) >= maxBatchSize) {
                return new Decision<>(take(head.key()), 0);
            }
            wait = Math.min(wait, maxDelayNanos - waited);
        }
        return new Decision<>(List.of(), seen.isEmpty() ? 0 : wait);
    }

    /** Whether the requests of {@code key} fill a batch. */
    public boolean full(Object key) {
        return count(key) >= maxBatchSize;
    }

    private int count(Object key) {
        int n = 0;
        for (Entry<T> e : entries) {
            if (e.key().equals(key) && ++n >= maxBatchSize) {
                break;
            }
        }
        return n;
    }

    private List<T> take(Object key) {
        List<T> batch = new ArrayList<>(Math.min(maxBatchSize, entries.size()));
        for (Iterator<Entry<T>> it = entries.iterator(); it.hasNext() && batch.size() < maxBatchSize; ) {
            Entry<T> e = it.next();
            if (e.key().equals(key)) {
                batch.add(e.item());
                it.remove();
            }
        }
        return batch;
    }
}
