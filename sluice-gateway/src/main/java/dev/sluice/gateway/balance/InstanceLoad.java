package dev.sluice.gateway.balance;

import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.routing.LoadView;
import dev.sluice.core.routing.RoutingSnapshot;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests the gateway has outstanding per instance, shared by every event loop. Keyed by instance id, so the
 * counts survive snapshot swaps; counters of instances that left the routing are dropped once idle. Each request
 * owns the {@link Permit} it took and gives it back once.
 */
public final class InstanceLoad implements LoadView {

    private final ConcurrentHashMap<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final AtomicLong prunedAtVersion = new AtomicLong(-1);

    private InstanceLoad() {
    }

    public static InstanceLoad create() {
        return new InstanceLoad();
    }

    @Override
    public int outstanding(String instanceId) {
        AtomicInteger counter = outstanding.get(instanceId);
        return counter == null ? 0 : counter.get();
    }

    /** Counts one more request on the instance until the returned permit is released. */
    public Permit acquire(InstanceRoute instance) {
        AtomicInteger counter = outstanding.get(instance.id());
        if (counter == null) {
            counter = outstanding.computeIfAbsent(instance.id(), id -> new AtomicInteger());
        }
        return Permit.take(counter);
    }

    /** Called with the snapshot each request uses; forgets idle counters of gone instances once per version. */
    public void observe(RoutingSnapshot snapshot) {
        long seen = prunedAtVersion.get();
        if (seen != snapshot.version() && prunedAtVersion.compareAndSet(seen, snapshot.version())) {
            prune(snapshot);
        }
    }

    private void prune(RoutingSnapshot snapshot) {
        Set<String> present = new HashSet<>();
        for (EndpointRoute endpoint : snapshot.endpoints().values()) {
            for (DeploymentRoute deployment : endpoint.deployments().values()) {
                for (InstanceRoute instance : deployment.readyInstances()) {
                    present.add(instance.id());
                }
            }
        }
        outstanding.entrySet().removeIf(e -> e.getValue().get() == 0 && !present.contains(e.getKey()));
    }
}
