package dev.sluice.core.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the ready instance with the fewest outstanding requests. Ties (the common case at low load) are
 * broken by a rotating start, so equally idle instances share the work instead of the first taking all.
 */
public final class LeastOutstandingBalancer {

    private final AtomicInteger rotation = new AtomicInteger();

    public static LeastOutstandingBalancer create() {
        return new LeastOutstandingBalancer();
    }

    /** The chosen instance, or null when the list is empty. */
    public InstanceRoute pick(List<InstanceRoute> ready, LoadView load) {
        int n = ready.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return ready.get(0);
        }
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        InstanceRoute best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            InstanceRoute candidate = ready.get((start + i) % n);
            int l = load.outstanding(candidate.id());
            if (l < bestLoad) {
                best = candidate;
                bestLoad = l;
            }
        }
        return best;
    }
}
