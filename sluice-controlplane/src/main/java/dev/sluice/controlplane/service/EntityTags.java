package dev.sluice.controlplane.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The ETag of an endpoint or deployment: a hash of the record as the store keeps it (spec, keys, state, reason,
 * generation, timestamps, the spec an update rolls back to). It changes with every committed change of the
 * resource, whoever made it (the API, or the controller moving a deployment's state), and with nothing else; a
 * deployment's live instances and events are not part of it. Strong, quoted as HTTP wants it.
 */
final class EntityTags {

    /** 128 bits of the SHA-256 are plenty to tell versions of one resource apart. */
    private static final int TAG_BYTES = 16;

    private final SpecReader specs;

    EntityTags(SpecReader specs) {
        this.specs = specs;
    }

    String of(Endpoint endpoint) {
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.set("spec", specs.toTree(endpoint.spec()));
        stored.put("primaryKey", endpoint.keys().primaryKey());
        stored.put("secondaryKey", endpoint.keys().secondaryKey());
        stored.put("state", endpoint.state().wire());
        timestamps(stored, endpoint.createdAt(), endpoint.updatedAt());
        return tag(stored);
    }

    String of(Deployment deployment) {
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.set("spec", specs.toTree(deployment.spec()));
        stored.put("state", deployment.state().wire());
        stored.put("reason", deployment.reason());
        stored.put("generation", deployment.generation());
        timestamps(stored, deployment.createdAt(), deployment.updatedAt());
        if (deployment.lastSucceededSpec() != null) {
            stored.set("lastSucceededSpec", specs.toTree(deployment.lastSucceededSpec()));
        }
        return tag(stored);
    }

    private static void timestamps(ObjectNode stored, Instant createdAt, Instant updatedAt) {
        stored.put("createdAt", String.valueOf(createdAt));
        stored.put("updatedAt", String.valueOf(updatedAt));
    }

    private static String tag(ObjectNode stored) {
        // The tree's JSON text: fields in the order set here, maps in their stored order.
        byte[] digest = ArtifactDigest.sha256().digest(stored.toString().getBytes(StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().formatHex(digest, 0, TAG_BYTES) + "\"";
    }
}
