package dev.sluice.gateway.forward;

import dev.sluice.gateway.balance.Permit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on mirror copies in flight, shared by every event loop. Copies beyond it are dropped rather than
 * queued: a slow mirror deployment must never hold memory or connections that live traffic needs.
 */
public final class MirrorSlots {

    private final int capacity;
    private final AtomicInteger inFlight = new AtomicInteger();

    private MirrorSlots(int capacity) {
        this.capacity = capacity;
    }

    public static MirrorSlots of(int capacity) {
        return new MirrorSlots(capacity);
    }

    /** A place for one copy, released once when the copy is done; null when all are taken. */
    public Permit tryAcquire() {
        return Permit.tryTake(inFlight, capacity);
    }

    public int inFlight() {
        return inFlight.get();
    }
}
