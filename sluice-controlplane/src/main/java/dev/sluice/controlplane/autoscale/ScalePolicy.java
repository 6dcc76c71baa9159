package dev.sluice.controlplane.autoscale;

import dev.sluice.core.model.Deployment;
import java.time.Instant;
import java.util.Optional;

/**
 * What decides one deployment's instance count: its {@code target_utilization} scale settings, or an Azure
 * autoscale setting. The {@link Autoscaler} asks it every tick; it answers when it wants a different count, or when
 * a change it wanted was held back (so that the history can say why the deployment did not scale).
 * Autoscaler thread only.
 */
interface ScalePolicy {

    /**
     * A count other than the deployment's current one, with why; or a {@link Proposal#held held} one; empty when
     * nothing should change now.
     *
     * @param deployment the deployment as stored now; its {@code instance_count} is the current count
     */
    Optional<Proposal> evaluate(Deployment deployment, Instant now);

    /** Whether the deployment may have no instance at all, and start one when a request waits. */
    boolean scalesToZero();

    /**
     * Why a deployment with no instance may not start one for a waiting request now (its setting is disabled, or
     * the profile in force allows no instance); empty when it may.
     */
    Optional<String> wakeRefusal(Instant now);

    /**
     * An instance was just started for a request waiting on the deployment (it had none).
     *
     * @param before the deployment as it was before the count was raised
     */
    void woken(Deployment before, Instant now);

    /** The deployment's count was changed (by this policy or by a request waiting): cooldowns start now. */
    void scaled(Instant now);

    /**
     * A count the policy wants, with what decided it.
     *
     * @param source  {@code target_utilization}, or {@code autoscale setting <name>, profile <name>}
     * @param trigger the rule or signal, readable
     * @param values  the values it saw, readable
     * @param held    null when the count should be applied; else why a change a rule asked for is not made
     *                (the count is then the current one)
     */
    record Proposal(int count, String source, String trigger, String values, String held) {

        static Proposal change(int count, String source, String trigger, String values) {
            return new Proposal(count, source, trigger, values, null);
        }

        static Proposal held(int current, String source, String trigger, String values, String why) {
            return new Proposal(current, source, trigger, values, why);
        }
    }
}
