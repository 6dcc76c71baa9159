package dev.sluice.controlplane.controller;

import dev.sluice.core.model.Deployment;
import java.util.Map;

/** Environment variables the platform gives a deployment's workers beyond the YAML's (identity endpoint, …). */
@FunctionalInterface
public interface PlatformVariables {

    PlatformVariables NONE = deployment -> Map.of();

    /** Read on the controller thread when an instance starts; may read the store. */
    Map<String, String> of(Deployment deployment);
}
