package dev.sluice.core.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the ready instance with the fewest outstanding requests. Ties (the common case at low load) are
 * broken by rotating among the tied instances, so equally idle instances share the work evenly.
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
        int min = Integer.MAX_VALUE;
        int ties = 0;
        InstanceRoute first = null;
        for (int i = 0; i < n; i++) {
            int l = load.outstanding(ready.get(i).id());
            if (l < min) {
                min = l;
                ties = 1;
                first = ready.get(i);
            } else if (l == min) {
                ties++;
            }
        }
        if (ties == 1) {
            return first;
        }
        // Rotate among the least loaded only, so every idle instance gets its share.
        int wanted = Math.floorMod(rotation.getAndIncrement(), ties);
        for (int i = 0; i < n; i++) {
            if (load.outstanding(ready.get(i).id()) == min && wanted-- == 0) {
                return ready.get(i);
            }
        }
        return first; // loads moved between the two passes; the first least-loaded one is as good
    }
}
