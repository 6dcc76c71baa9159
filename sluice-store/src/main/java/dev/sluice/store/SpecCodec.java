package dev.sluice.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetSpec;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.SpecReader;
import java.time.Instant;

/**
 * Turns specs into the JSON text the store keeps and back, with the YAML field names ({@link SpecReader}),
 * so that the database holds what a user would recognise; and timestamps into exact ISO-8601 text.
 */
final class SpecCodec {

    private final SpecReader reader = SpecReader.create();
    private final ObjectMapper json = new ObjectMapper();

    String write(Object spec) {
        try {
            return json.writeValueAsString(reader.toTree(spec));
        } catch (JsonProcessingException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "store: writing a spec as JSON failed", e);
        }
    }

    EndpointSpec endpoint(String text, String name) {
        try {
            return reader.endpoint(json.readTree(text));
        } catch (JsonProcessingException | SluiceException e) {
            throw unreadable("endpoint '" + name + "'", e);
        }
    }

    DeploymentSpec deployment(String text, String name) {
        try {
            return reader.deployment(json.readTree(text));
        } catch (JsonProcessingException | SluiceException e) {
            throw unreadable("deployment '" + name + "'", e);
        }
    }

    AssetSpec asset(AssetKind kind, String text, String name) {
        try {
            return reader.asset(kind, json.readTree(text));
        } catch (JsonProcessingException | SluiceException e) {
            throw unreadable(name, e);
        }
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static SluiceException unreadable(String what, Exception e) {
        return SluiceException.wrap(ErrorCode.INTERNAL, "store: the stored spec of " + what + " cannot be read", e);
    }
}
