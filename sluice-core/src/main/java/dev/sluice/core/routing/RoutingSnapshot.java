package dev.sluice.core.routing;

import java.util.Map;

/**
 * The gateway's whole view of the world at one moment. Immutable: the controller builds a new one and
 * swaps it in atomically, so a request sees either the old routing or the new one, never a mix.
 */
public record RoutingSnapshot(long version, Map<String, EndpointRoute> endpoints) {

    public static final RoutingSnapshot EMPTY = new RoutingSnapshot(0, Map.of());

    public RoutingSnapshot {
        endpoints = Map.copyOf(endpoints);
    }

    /** The endpoint's route, or null when there is no such endpoint. */
    public EndpointRoute endpoint(String name) {
        return endpoints.get(name);
    }
}
