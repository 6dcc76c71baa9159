package dev.sluice.core.metrics;

import dev.sluice.core.model.DeploymentId;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the gateway posts that requests are waiting for a deployment with no instance, and the autoscaler picks them
 * up: the meeting point of the two, made before either (as the routing table is). Posting is cheap and idempotent
 * until the autoscaler takes the deployment off the board. Thread-safe.
 */
public final class DemandBoard implements DemandSignal {

    private final Set<DeploymentId> waiting = ConcurrentHashMap.newKeySet();
    private volatile Runnable listener = () -> { };

    public static DemandBoard create() {
        return new DemandBoard();
    }

    @Override
    public void waiting(String endpoint, String deployment) {
        if (waiting.add(new DeploymentId(endpoint, deployment))) {
            listener.run();
        }
    }

    /** Told (on the gateway's thread; it must not block) when a deployment is newly waited for. */
    public void onDemand(Runnable newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
    }

    /** The deployments waited for since the last call, taken off the board. */
    public Set<DeploymentId> take() {
        Set<DeploymentId> taken = new HashSet<>();
        for (Iterator<DeploymentId> it = waiting.iterator(); it.hasNext(); ) {
            taken.add(it.next());
            it.remove();
        }
        return taken;
    }
}
