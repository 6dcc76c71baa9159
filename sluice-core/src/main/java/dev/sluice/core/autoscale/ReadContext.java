package dev.sluice.core.autoscale;

import dev.sluice.core.model.DeploymentId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What reading one document needs besides the JSON: the zones, the machine's cores, the deployment it is for, the
 * warnings so far.
 */
final class ReadContext {

    private final ZoneResolver zones;
    private final int cores;
    private final DeploymentId target;
    private final List<String> warnings = new ArrayList<>();

    ReadContext(ZoneResolver zones, int cores, DeploymentId target) {
        this.zones = zones;
        this.cores = cores;
        this.target = target;
    }

    ZoneResolver zones() {
        return zones;
    }

    /** The cores of the machine the instances run on: CpuUtilizationPercentage is a share of all of them. */
    int cores() {
        return cores;
    }

    /** The deployment the setting is for; empty when the caller reads it without one (URIs are then not compared). */
    Optional<DeploymentId> target() {
        return Optional.ofNullable(target);
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
