package dev.sluice.controlplane.controller;

import java.time.Duration;

/**
 * @param tick       how often the controller compares desired and actual state when nothing wakes it
 * @param drainDelay how long an instance stays up after it left the routing, for requests already on their way
 * @param stopGrace  extra time an instance gets, beyond its request timeout, to finish in-flight requests
 * @param backoff    restart delays for crashed instances
 */
public record ControllerOptions(Duration tick, Duration drainDelay, Duration stopGrace, Backoff backoff) {

    public static ControllerOptions defaults() {
        return new ControllerOptions(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(5),
                Backoff.standard());
    }
}
