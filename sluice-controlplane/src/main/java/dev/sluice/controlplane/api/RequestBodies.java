package dev.sluice.controlplane.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.KeyType;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetSpec;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.core.spec.WireValue;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Iterator;

/**
 * Reads request bodies: first as a JSON object (or YAML, with {@code Content-Type: application/yaml}) (else a 400 that says what is wrong with the document), then
 * bound by {@link SpecReader}, whose messages name the field. Runs on a worker thread with the rest of the call.
 */
final class RequestBodies {

    private static final String BODY = "request body";

    private final ObjectMapper mapper;
    private final ObjectMapper yaml;
    private final SpecReader specs;

    RequestBodies(SpecReader specs) {
        this.specs = specs;
        this.mapper = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    }

    EndpointSpec endpoint(RoutingContext ctx) {
        return specs.endpoint(object(ctx));
    }

    DeploymentSpec deployment(RoutingContext ctx) {
        return specs.deployment(object(ctx));
    }

    AssetSpec asset(AssetKind kind, RoutingContext ctx) {
        return specs.asset(kind, object(ctx));
    }

    /** {@code {"keyType": "primary" | "secondary"}}; an empty body means primary, as {@code az} defaults. */
    KeyType keyType(RoutingContext ctx) {
        if (isEmpty(ctx)) {
            return KeyType.PRIMARY;
        }
        ObjectNode body = object(ctx);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("keyType")) {
                throw SluiceException.of(ErrorCode.BAD_ARGUMENT, name + ": unknown key (expected: keyType)", name);
            }
        }
        JsonNode value = body.get("keyType");
        if (value == null || value.isNull()) {
            return KeyType.PRIMARY;
        }
        String allowed = WireValue.allowed(KeyType.class);
        if (!value.isTextual()) {
            throw SluiceException.badArgument("keyType", value, allowed);
        }
        for (KeyType type : KeyType.values()) {
            if (type.wire().equals(value.asText())) {
                return type;
            }
        }
        throw SluiceException.badArgument("keyType", value.asText(), allowed);
    }

    ObjectNode object(RoutingContext ctx) {
        if (isEmpty(ctx)) {
            throw SluiceException.badArgument(BODY, "(empty)", "a JSON object");
        }
        boolean isYaml = isYaml(ctx);
        String kind = isYaml ? "YAML" : "JSON";
        JsonNode tree;
        try {
            tree = (isYaml ? yaml : mapper).readTree(ctx.body().buffer().getBytes());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, BODY + ": not valid " + kind + where + ": "
                    + e.getOriginalMessage() + " (expected: a " + kind + " object)", BODY);
        } catch (IOException | RuntimeException e) {
            // The YAML parser throws its own exceptions for some malformed documents.
            throw SluiceException.badArgument(BODY, "unreadable " + kind, "a " + kind + " object");
        }
        if (tree == null || tree.isMissingNode()) {
            throw SluiceException.badArgument(BODY, "(empty)", "a JSON object");
        }
        if (!tree.isObject()) {
            throw SluiceException.badArgument(BODY, "a " + kind + " " + tree.getNodeType().name().toLowerCase(),
                    "a " + kind + " object");
        }
        return (ObjectNode) tree;
    }

    /** {@code Content-Type: application/yaml} (or any {@code …yaml}): an endpoint.yml sent as it is. */
    private static boolean isYaml(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("yaml");
    }

    private static boolean isEmpty(RoutingContext ctx) {
        RequestBody body = ctx.body();
        Buffer buffer = body == null ? null : body.buffer();
        return buffer == null || buffer.length() == 0 || buffer.toString().isBlank();
    }
}
