package dev.sluice.controlplane.controller;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a worker process is built from: model, code, environment, variables, request settings, egress and
 * batching. Two generations of a deployment with the same fingerprint can share instances, so a change of only
 * {@code instance_count} (or tags, or probes) scales instead of replacing every instance.
 */
record RuntimeFingerprint(String value) {

    static RuntimeFingerprint of(DeploymentSpec spec, SpecReader json) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("model", spec.model());
        parts.put("code", spec.codeConfiguration());
        parts.put("environment", spec.environment());
        parts.put("variables", new java.util.TreeMap<>(spec.environmentVariables()));
        parts.put("request", spec.requestSettingsOrDefault());
        if (spec.egressPublicNetworkAccess() != null) {
            // Only when set (here and below), so that deployments made before a key existed keep their fingerprint.
            parts.put("egress", spec.egressPublicNetworkAccess().toLowerCase(java.util.Locale.ROOT));
        }
        if (spec.batchingOrNull() != null) {
            parts.put("batching", spec.batchingOrNull());
        }
        byte[] digest = ArtifactDigest.sha256().digest(json.toTree(parts).toString().getBytes(StandardCharsets.UTF_8));
        return new RuntimeFingerprint(HexFormat.of().formatHex(digest, 0, 12));
    }
}
