package dev.sluice.controlplane.autoscale;

import dev.sluice.core.model.Deployment;
import java.time.Instant;
import java.util.Optional;

/**
 * What decides one deployment's instance count: its {@code target_utilization} scale settings, or an Azure
 * autoscale setting. The {@link Autoscaler} asks it every tick; it answers when it wants a different count.
 * Autoscaler thread only.
 */
interface ScalePolicy {

    /**
     * A count other than the deployment's current one, with why; empty when nothing should change now.
     *
     * @param deployment the deployment as stored now; its {@code instance_count} is the current count
     */
    Optional<Proposal> evaluate(Deployment deployment, Instant now);

    /** Whether the deployment may have no instance at all, and start one when a request waits. */
    boolean scalesToZero();

    /** A request is waiting for a deployment with no instance: it is about to get one; keep it a while. */
    void demanded(Instant now);

    /** The deployment's count was changed (by this policy or by a request waiting): cooldowns start now. */
    void scaled(Instant now);

    /**
     * A count the policy wants, with what decided it.
     *
     * @param source  {@code target_utilization}, or {@code autoscale setting <name>, profile <name>}
     * @param trigger the rule or signal, readable
     * @param values  the values it saw, readable
     */
    record Proposal(int count, String source, String trigger, String values) {
    }
}
