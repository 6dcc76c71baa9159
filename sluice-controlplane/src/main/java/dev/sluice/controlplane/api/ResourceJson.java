package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.registry.ModelAssetSpec;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentWarnings;
import dev.sluice.core.spec.SpecReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON of resources as {@code show} prints them: the YAML's field names plus the server's own
 * ({@code provisioning_state}, {@code scoring_uri}, {@code warnings}, …). Keys and tokens never appear here.
 */
final class ResourceJson {

    private final ObjectMapper mapper;
    private final SpecReader specs;
    private final String gatewayUrl;
    private final SpecWarnings warnings;

    ResourceJson(ObjectMapper mapper, SpecReader specs, String gatewayUrl, SpecWarnings warnings) {
        this.mapper = mapper;
        this.specs = specs;
        this.gatewayUrl = gatewayUrl;
        this.warnings = warnings;
    }

    /** @param traffic every deployment's share, 0 for those without one */
    ObjectNode endpoint(Endpoint endpoint, Map<String, Integer> traffic) {
        ObjectNode json = (ObjectNode) specs.toTree(endpoint.spec());
        json.put("auth_mode", endpoint.spec().authModeOrDefault().wire());
        ObjectNode shares = json.putObject("traffic");
        traffic.forEach(shares::put);
        ArrayNode warningList = json.putArray("warnings");
        warnings.endpoint(endpoint.spec()).forEach(warningList::add);
        json.put("provisioning_state", endpoint.state().wire());
        json.put("scoring_uri", scoringUri(endpoint.name()));
        json.put("swagger_uri", gatewayUrl + "/endpoints/" + endpoint.name() + "/swagger.json");
        timestamps(json, endpoint.createdAt(), endpoint.updatedAt());
        return json;
    }

    ObjectNode deployment(Deployment deployment, List<InstanceRecord> instances, List<InstanceEvent> events) {
        DeploymentSpec spec = deployment.spec().withDefaults();
        ObjectNode json = (ObjectNode) specs.toTree(spec);
        // A registered model or environment shows as its reference, as az ml shows it, and reads back as one.
        if (spec.model() != null && spec.model().reference() != null) {
            json.put("model", spec.model().reference());
        }
        if (spec.environment() != null && spec.environment().reference() != null) {
            json.put("environment", spec.environment().reference());
        }
        ArrayNode warningList = json.putArray("warnings");
        warnings.deployment(spec).forEach(warningList::add);
        json.put("provisioning_state", deployment.state().wire());
        json.put("reason", deployment.reason() == null ? "" : deployment.reason());
        json.put("generation", deployment.generation());
        json.put("scoring_uri", scoringUri(deployment.endpointName()));
        timestamps(json, deployment.createdAt(), deployment.updatedAt());
        ArrayNode list = json.putArray("instances");
        Map<String, Long> coldStarts = ColdStarts.fromEvents(events);
        for (InstanceRecord instance : instances) {
            list.add(instance(instance, coldStarts.get(instance.id())));
        }
        ArrayNode eventList = json.putArray("events");
        events.forEach(event -> eventList.add(line(event)));
        return json;
    }

    /** {@code 2026-11-29T07:00:01.200Z blue-1a2b Ready: ready after 1200 ms}, as {@code show} lists events. */
    static String line(InstanceEvent event) {
        String line = event.time() + " " + event.subject() + " " + event.kind().wire();
        return event.detail().isEmpty() ? line : line + ": " + event.detail();
    }

    /** A registered model or environment version: its spec plus {@code id}, {@code archived} and {@code created_at}. */
    ObjectNode asset(RegisteredAsset asset) {
        ObjectNode json = (ObjectNode) specs.toTree(asset.spec());
        if (asset.spec() instanceof ModelAssetSpec model) {
            json.put("type", model.typeOrDefault().wire());
        }
        json.put("id", "azureml:" + asset.name() + ":" + asset.version());
        json.put("archived", asset.archived());
        json.put("created_at", asset.createdAt() == null ? null : asset.createdAt().toString());
        return json;
    }

    /** {@code {"value": [...]}}, as Azure's list answers look. */
    ObjectNode list(List<? extends JsonNode> items) {
        ObjectNode json = mapper.createObjectNode();
        json.putArray("value").addAll(items);
        return json;
    }

    /** @param coldStartMs process start to Ready, or null when unknown (not Ready yet, or adopted) */
    private ObjectNode instance(InstanceRecord instance, Long coldStartMs) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", instance.id());
        json.put("state", instance.state() == null ? null : instance.state().wire());
        if (instance.pid() >= 0) {
            json.put("pid", instance.pid());
        } else {
            json.putNull("pid");
        }
        json.put("url", instance.url() == null || instance.url().isEmpty() ? null : instance.url());
        json.put("startedAt", instance.startedAt() == null ? null : instance.startedAt().toString());
        json.put("restarts", instance.restarts());
        json.put("coldStartMs", coldStartMs);
        return json;
    }

    private String scoringUri(String endpointName) {
        return gatewayUrl + "/endpoints/" + endpointName + "/score";
    }

    private static void timestamps(ObjectNode json, Instant createdAt, Instant updatedAt) {
        json.put("created_at", createdAt == null ? null : createdAt.toString());
        json.put("updated_at", updatedAt == null ? null : updatedAt.toString());
    }
}
