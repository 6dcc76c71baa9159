package dev.sluice.core.store;

import dev.sluice.core.model.DeploymentId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where autoscale settings and the autoscaler's decisions are kept. A setting belongs to a deployment and goes with
 * it; so does its history. Calls block; implementations throw {@code SluiceException} INTERNAL when the database
 * fails and NOT_FOUND when the deployment does not exist.
 */
public interface AutoscaleStore {

    /** An autoscale setting as the user sent it: Azure Monitor's JSON, kept as text. */
    record StoredSetting(DeploymentId deployment, String json, Instant createdAt, Instant updatedAt) {
    }

    /**
     * One scaling decision.
     *
     * @param source  what decided: {@code target_utilization}, {@code autoscale setting <name>, profile <name>},
     *                or {@code scale from zero}
     * @param trigger the rule or signal that fired, readable
     * @param values  the values it saw, readable (such as {@code CpuUtilizationPercentage = 83.2})
     * @param outcome {@code applied}, or why not
     */
    record Decision(DeploymentId deployment, Instant time, String source, int from, int to, String trigger,
                    String values, String outcome) {
    }

    /**
     * Creates the deployment's setting: a plain insert, so of two concurrent creates one fails.
     *
     * @throws dev.sluice.core.error.SluiceException CONFLICT when the deployment has a setting already
     */
    void createSetting(DeploymentId deployment, String json, Instant now);

    /**
     * Replaces the deployment's setting (its creation time stays).
     *
     * @throws dev.sluice.core.error.SluiceException NOT_FOUND when the deployment has none (deleted meanwhile)
     */
    void replaceSetting(DeploymentId deployment, String json, Instant now);

    Optional<StoredSetting> findSetting(DeploymentId deployment);

    /** Every setting, ordered by endpoint then deployment. */
    List<StoredSetting> listSettings();

    /** False when the deployment had none. */
    boolean deleteSetting(DeploymentId deployment);

    /** Records a decision; only the newest {@link #HISTORY_PER_DEPLOYMENT} of a deployment are kept. */
    void appendDecision(Decision decision);

    /** The deployment's decisions, oldest first, at most {@code limit} of the newest. */
    List<Decision> history(DeploymentId deployment, int limit);

    int HISTORY_PER_DEPLOYMENT = 1000;
}
