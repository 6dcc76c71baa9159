package dev.sluice.controlplane.service;

import dev.sluice.controlplane.controller.DeploymentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the routing once a change is committed. The change stands whatever happens here: if the publication
 * fails (the store could not be read back), the caller still gets its answer rather than a 500 for a change that
 * was made, and the controller publishes on its next pass, which it does every tick.
 */
final class RoutingAfterCommit {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingAfterCommit.class);

    private RoutingAfterCommit() {
    }

    static void publish(DeploymentRuntime runtime, String change) {
        try {
            runtime.publishRouting();
        } catch (RuntimeException e) {
            LOG.warn("{} is committed, but its routing could not be published now ({}); the controller publishes "
                    + "it on its next pass", change, e.getMessage());
            runtime.wake();
        }
    }
}
