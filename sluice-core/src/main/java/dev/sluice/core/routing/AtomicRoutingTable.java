package dev.sluice.core.routing;

import java.util.concurrent.atomic.AtomicReference;

/** The one place where the controller's snapshots meet the gateway's reads. */
public final class AtomicRoutingTable implements RoutingTable, SnapshotPublisher {

    private final AtomicReference<RoutingSnapshot> current = new AtomicReference<>(RoutingSnapshot.EMPTY);

    public static AtomicRoutingTable create() {
        return new AtomicRoutingTable();
    }

    @Override
    public RoutingSnapshot current() {
        return current.get();
    }

    @Override
    public void publish(RoutingSnapshot snapshot) {
        current.set(snapshot);
    }
}
