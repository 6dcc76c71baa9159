package dev.sluice.controlplane.controller;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent.Kind;

/** One instance's events, recorded under its deployment in {@link InstanceEvents}. */
record InstanceEventLog(InstanceEvents events, DeploymentId deployment, String instance) {

    void record(Kind kind, String detail) {
        events.record(deployment, instance, kind, detail);
    }

    /** A Ready event that carries the cold start it measured. */
    void ready(String detail, long coldStartMs) {
        events.ready(deployment, instance, detail, coldStartMs);
    }
}
