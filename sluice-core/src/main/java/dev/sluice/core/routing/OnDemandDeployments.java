package dev.sluice.core.routing;

import dev.sluice.core.model.DeploymentId;
import java.util.Objects;
import java.util.Set;

/**
 * The deployments whose instances start on demand (their autoscaling may take them to zero): with no instance Ready,
 * the gateway holds a request while one starts instead of answering 503 at once. The autoscaler writes it, routing
 * publication reads it. Thread-safe.
 */
public final class OnDemandDeployments {

    private volatile Set<DeploymentId> current = Set.of();

    public static OnDemandDeployments create() {
        return new OnDemandDeployments();
    }

    public Set<DeploymentId> current() {
        return current;
    }

    /** Replaces the set; true when it changed (then the routing should be published again). */
    public boolean replace(Set<DeploymentId> deployments) {
        Set<DeploymentId> next = Set.copyOf(Objects.requireNonNull(deployments, "deployments"));
        if (next.equals(current)) {
            return false;
        }
        current = next;
        return true;
    }
}
