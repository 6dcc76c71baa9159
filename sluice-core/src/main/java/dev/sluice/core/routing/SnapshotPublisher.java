package dev.sluice.core.routing;

/** Where the controller publishes a new routing snapshot; the gateway sees it on its next request. */
public interface SnapshotPublisher {

    void publish(RoutingSnapshot snapshot);
}
