package dev.sluice.core.routing;

/** Where the gateway reads the current routing; a volatile read, nothing more. */
public interface RoutingTable {

    RoutingSnapshot current();
}
