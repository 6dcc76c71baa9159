package dev.sluice.controlplane.controller;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.SpecReader;
import java.time.Duration;

/**
 * A deployment as one reconcile pass sees it, with what the controller derives from its spec worked out once:
 * Azure's defaults, the runtime fingerprint, the probe policies and the request timeout.
 */
record DesiredDeployment(Deployment deployment, DeploymentSpec spec, RuntimeFingerprint fingerprint,
                         ProbePolicies probes) {

    static DesiredDeployment of(Deployment deployment, SpecReader json) {
        DeploymentSpec spec = deployment.spec().withDefaults();
        return new DesiredDeployment(deployment, spec, RuntimeFingerprint.of(spec, json), ProbePolicies.of(spec));
    }

    DeploymentId id() {
        return DeploymentId.of(deployment);
    }

    int instanceCount() {
        return spec.instanceCountOrDefault();
    }

    Duration requestTimeout() {
        return spec.requestSettingsOrDefault().requestTimeout();
    }
}
