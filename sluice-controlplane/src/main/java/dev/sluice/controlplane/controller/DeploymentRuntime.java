package dev.sluice.controlplane.controller;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceRecord;
import java.util.List;

/**
 * What the management API needs from the controller. The API commits a change to the store first and then
 * tells the runtime; the runtime never holds state the store does not also know, except which instances
 * are Ready right now.
 */
public interface DeploymentRuntime {

    /** Something changed in the store (a deployment was created, updated or deleted): reconcile soon. */
    void wake();

    /**
     * Rebuilds the routing snapshot from the store and the Ready instances and publishes it before returning, so
     * that an API call that changed traffic, mirror or keys answers only once the gateway routes by the new values.
     * Runs on the caller's thread and never starts or stops an instance, so it may be called under the API's
     * mutation lock.
     *
     * @throws dev.sluice.core.error.SluiceException when the store cannot be read; the gateway then keeps the
     *                                               previous snapshot until the next publication succeeds
     */
    void publishRouting();

    /** The deployment's current instances, oldest first. */
    List<InstanceRecord> instances(DeploymentId deployment);

    /** The deployment's recent events, oldest first. */
    List<InstanceEvent> events(DeploymentId deployment);
}
