package dev.sluice.gateway.balance;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests the gateway holds for one deployment, on every event loop, in the order they were held: as places
 * under the in-flight limit free up, the oldest goes first wherever it waits. Also counts those held because the
 * deployment had no Ready instance; while any of them waits, the deployment is {@link #waking()}. Thread-safe.
 */
public final class WaitOrder {

    private final ConcurrentSkipListSet<Long> tickets = new ConcurrentSkipListSet<>();
    private final AtomicInteger heldForWake = new AtomicInteger();
    private long nextTicket;

    /** A place at the back of the line; give it back with {@link #leave(long)}. */
    public synchronized long join() {
        long ticket = nextTicket++;
        tickets.add(ticket);
        return ticket;
    }

    public void leave(long ticket) {
        tickets.remove(ticket);
    }

    /** True when no request held for the deployment, on any loop, has waited longer than this one. */
    public boolean isFirst(long ticket) {
        Long first = tickets.ceiling(Long.MIN_VALUE);
        return first != null && first == ticket;
    }

    /** Counts one request held because no instance was Ready; the holder releases it when the request leaves. */
    public Permit countForWake() {
        return Permit.take(heldForWake);
    }

    /**
     * True while requests that arrived with no instance Ready still wait: newcomers then wait behind them, so that
     * the places a woken instance frees go to those first rather than to whoever comes next.
     */
    public boolean waking() {
        return heldForWake.get() > 0;
    }
}
