package dev.sluice.core.routing;

/** How many requests the gateway has outstanding on an instance right now. */
@FunctionalInterface
public interface LoadView {

    int outstanding(String instanceId);
}
