package dev.sluice.controlplane.autoscale;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.AutoscaleStore;
import dev.sluice.core.store.AutoscaleStore.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the autoscaler's decisions to the history. A change is always written. A decision that changed nothing
 * (held by a cooldown, a lost race, a setting that cannot be read) is written once while it repeats: not again
 * until something else was written for the deployment or it has not been seen for {@link #FORGET_AFTER}. Its
 * values (the figures a rule saw) do not count as a difference. Writing never fails the caller: a deployment
 * deleted meanwhile has no history to write to. Autoscaler thread only.
 */
final class DecisionLog {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    static final Duration FORGET_AFTER = Duration.ofMinutes(1);

    private record Seen(String signature, Instant lastSeen) {
    }

    private final AutoscaleStore store;
    private final Map<DeploymentId, Seen> held = new HashMap<>();

    DecisionLog(AutoscaleStore store) {
        this.store = store;
    }

    void applied(Decision decision) {
        held.remove(decision.deployment());
        append(decision);
    }

    /** Writes the decision unless the same one was written and seen since; true when written. */
    boolean held(Decision decision) {
        String signature = String.join("\n", decision.source(), decision.trigger(), decision.outcome(),
                decision.from() + "→" + decision.to());
        Seen seen = held.put(decision.deployment(), new Seen(signature, decision.time()));
        if (seen != null && seen.signature().equals(signature)
                && decision.time().isBefore(seen.lastSeen().plus(FORGET_AFTER))) {
            return false;
        }
        append(decision);
        return true;
    }

    /** Forgets what was seen of deployments not in {@code deployments}. */
    void retainOnly(Set<DeploymentId> deployments) {
        held.keySet().retainAll(deployments);
    }

    private void append(Decision decision) {
        try {
            store.appendDecision(decision);
        } catch (SluiceException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                LOG.debug("autoscale {}: deleted before its decision was recorded", decision.deployment());
            } else {
                LOG.warn("autoscale {}: recording a decision failed ({} → {}, {})", decision.deployment(),
                        decision.from(), decision.to(), decision.outcome(), e);
            }
        }
    }
}
