package dev.sluice.gateway.balance;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One unit taken from a shared counter (a deployment's live requests in flight, an instance's outstanding
 * requests, the mirror copies in flight), owned by the request that took it and given back exactly once:
 * {@link #release()} after the first does nothing, so no path that ends a request can give back twice.
 */
public final class Permit {

    private static final AtomicIntegerFieldUpdater<Permit> RELEASED =
            AtomicIntegerFieldUpdater.newUpdater(Permit.class, "released");

    private final AtomicInteger counter;
    private volatile int released;

    private Permit(AtomicInteger counter) {
        this.counter = counter;
    }

    /** Takes one unit, whatever the count. */
    public static Permit take(AtomicInteger counter) {
        counter.incrementAndGet();
        return new Permit(counter);
    }

    /** Takes one unit unless that would put the count over {@code limit}; null when refused. */
    public static Permit tryTake(AtomicInteger counter, int limit) {
        if (counter.incrementAndGet() > limit) {
            counter.decrementAndGet();
            return null;
        }
        return new Permit(counter);
    }

    /** Gives the unit back; only the first call counts. */
    public void release() {
        if (RELEASED.compareAndSet(this, 0, 1)) {
            counter.decrementAndGet();
        }
    }

    public boolean released() {
        return released == 1;
    }
}
