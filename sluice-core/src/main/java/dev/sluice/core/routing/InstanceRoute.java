package dev.sluice.core.routing;

/** A ready instance that the gateway may send requests to. */
public record InstanceRoute(String id, String host, int port) {
}
