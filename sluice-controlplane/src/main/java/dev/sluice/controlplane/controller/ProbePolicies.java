package dev.sluice.controlplane.controller;

import dev.sluice.core.spec.DeploymentSpec;

/** A deployment's readiness and liveness policies, resolved once from its spec with Azure's defaults. */
record ProbePolicies(ProbePolicy readiness, ProbePolicy liveness) {

    static ProbePolicies of(DeploymentSpec spec) {
        DeploymentSpec resolved = spec.withDefaults();
        return new ProbePolicies(ProbePolicy.of(resolved.readinessProbe()), ProbePolicy.of(resolved.livenessProbe()));
    }
}
