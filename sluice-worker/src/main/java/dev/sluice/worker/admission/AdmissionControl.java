package dev.sluice.worker.admission;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides which requests run, which wait and which are turned away: at most {@code maxRunning} run at once,
 * up to {@code queueCapacity} more wait in arrival order, the rest are rejected at once (overload fails fast).
 *
 * <p>A running request holds a {@link Slot}, which the request owns and releases exactly once: a second release
 * does nothing, so no code path can free a slot twice. There is no other way to free one.
 *
 * <p>Pure bookkeeping: time comes in as explicit nanosecond readings, so tests need no clock and no sleeps.
 * Thread-safe: the HTTP loop admits, scoring threads finish, timers withdraw.
 *
 * @param <T> what waits in the queue (the worker uses its per-request exchange)
 */
public final class AdmissionControl<T> {

    /** What happens to a request on arrival. */
    public enum Decision {
        /** A slot is free: run it now. */
        RUN,
        /** All slots busy: it waits in the queue. */
        QUEUED,
        /** Slots and queue are full: answer 429. */
        REJECTED
    }

    /** What happened to a request on arrival; {@code slot} is the one it now holds when the decision is RUN. */
    public record Admission<T>(Decision decision, Slot<T> slot) {
    }

    /** A waiting request that now runs, with the slot it took over. */
    public record Admitted<T>(T item, Slot<T> slot) {
    }

    /**
     * What a released slot frees: the next request to run (if any waits) and the waiting requests that were
     * found past their queue deadline on the way (answer them 408).
     */
    public record Release<T>(Optional<Admitted<T>> next, List<T> expired) {
        public Release {
            expired = List.copyOf(expired);
        }

        private static final Release<?> NONE = new Release<>(Optional.empty(), List.of());

        /** What a second release of the same slot frees: nothing. Shared: a release happens on every request. */
        @SuppressWarnings("unchecked")
        public static <T> Release<T> none() {
            return (Release<T>) NONE;
        }
    }

    /** One running request's hold on one of the {@code maxRunning} slots. */
    public static final class Slot<T> {
        private final AdmissionControl<T> owner;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(AdmissionControl<T> owner) {
            this.owner = owner;
        }

        /**
         * The request finished at {@code nowNanos}: the slot goes to the oldest waiting request that has not
         * waited longer than the maximum (older ones are expired), else it is free. Only the first call counts.
         */
        public Release<T> release(long nowNanos) {
            return released.compareAndSet(false, true) ? owner.free(nowNanos) : Release.none();
        }

        public boolean released() {
            return released.get();
        }
    }

    private record Waiting<T>(T item, long since) {
    }

    /** The answers without a slot are the same every time, so one of each serves every request. */
    private static final Admission<?> QUEUED = new Admission<>(Decision.QUEUED, null);
    private static final Admission<?> REJECTED = new Admission<>(Decision.REJECTED, null);

    private final int maxRunning;
    private final int queueCapacity;
    private final long maxQueueWaitNanos;
    private final ArrayDeque<Waiting<T>> queue = new ArrayDeque<>();
    private int running;

    private AdmissionControl(int maxRunning, int queueCapacity, Duration maxQueueWait) {
        this.maxRunning = maxRunning;
        this.queueCapacity = queueCapacity;
        this.maxQueueWaitNanos = maxQueueWait.toNanos();
    }

    /**
     * @param maxRunning    requests that may run at once (at least 1)
     * @param queueCapacity requests that may wait; a zero {@code maxQueueWait} means no waiting at all
     * @param maxQueueWait  how long a request may wait before it counts as timed out
     */
    public static <T> AdmissionControl<T> create(int maxRunning, int queueCapacity, Duration maxQueueWait) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning: " + maxRunning + " (expected: at least 1)");
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: 0 or more)");
        }
        if (maxQueueWait.isNegative()) {
            throw new IllegalArgumentException("maxQueueWait: " + maxQueueWait + " (expected: zero or more)");
        }
        return new AdmissionControl<>(maxRunning, maxQueueWait.isZero() ? 0 : queueCapacity, maxQueueWait);
    }

    /** Admits a request that arrived at {@code nowNanos}. A {@link Decision#RUN} comes with the slot it took. */
    @SuppressWarnings("unchecked")
    public synchronized Admission<T> admit(T item, long nowNanos) {
        if (running < maxRunning) {
            running++;
            return new Admission<>(Decision.RUN, new Slot<>(this));
        }
        if (queue.size() < queueCapacity) {
            queue.addLast(new Waiting<>(item, nowNanos));
            return (Admission<T>) QUEUED;
        }
        return (Admission<T>) REJECTED;
    }

    /** Only through {@link Slot#release}, once per slot. */
    private synchronized Release<T> free(long nowNanos) {
        List<T> expired = List.of();
        while (!queue.isEmpty()) {
            Waiting<T> head = queue.pollFirst();
            if (nowNanos - head.since() > maxQueueWaitNanos) {
                if (expired.isEmpty()) {
                    expired = new ArrayList<>();
                }
                expired.add(head.item());
            } else {
                return new Release<>(Optional.of(new Admitted<>(head.item(), new Slot<>(this))), expired);
            }
        }
        running--;
        return expired.isEmpty() ? Release.none() : new Release<>(Optional.empty(), expired);
    }

    /** Removes a waiting request (its wait timed out, or its caller left). False when it was not waiting. */
    public synchronized boolean withdraw(T item) {
        for (Iterator<Waiting<T>> it = queue.iterator(); it.hasNext(); ) {
            if (it.next().item() == item) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    public synchronized int running() {
        return running;
    }

    public synchronized int waiting() {
        return queue.size();
    }

    public int maxRunning() {
        return maxRunning;
    }

    public int queueCapacity() {
        return queueCapacity;
    }
}
