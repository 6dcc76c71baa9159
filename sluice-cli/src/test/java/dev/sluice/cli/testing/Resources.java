package dev.sluice.cli.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Endpoint and deployment resources as the management API answers them (docs/internals.md). */
public final class Resources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Resources() {
    }

    public static ObjectNode endpoint(String name, String state, Map<String, Integer> traffic) {
        ObjectNode e = JSON.createObjectNode();
        e.put("name", name).put("auth_mode", "key").put("description", "my endpoint");
        e.putObject("tags").put("team", "ml");
        ObjectNode t = e.putObject("traffic");
        traffic.forEach(t::put);
        e.putObject("mirror_traffic");
        e.put("provisioning_state", state)
                .put("scoring_uri", "https://127.0.0.1:7443/endpoints/" + name + "/score")
                .put("swagger_uri", "https://127.0.0.1:7443/endpoints/" + name + "/swagger.json")
                .put("created_at", "2026-11-29T07:00:00Z").put("updated_at", "2026-11-29T07:00:00Z");
        return e;
    }

    public static ObjectNode deployment(String endpoint, String name, String state, int ready, int count, String reason) {
        ObjectNode d = JSON.createObjectNode();
        d.put("name", name).put("endpoint_name", endpoint).put("type", "managed");
        d.putObject("model").put("path", "sha256:" + "1".repeat(64));
        d.putObject("code_configuration").put("code", "sha256:" + "2".repeat(64)).put("scoring_script", "score.py");
        d.putObject("environment_variables");
        d.put("instance_type", "Standard_DS3_v2").put("instance_count", count);
        d.putObject("request_settings").put("request_timeout_ms", 5000)
                .put("max_concurrent_requests_per_instance", 1).put("max_queue_wait_ms", 500);
        d.put("provisioning_state", state).put("reason", reason).put("generation", 1)
                .put("scoring_uri", "https://127.0.0.1:7443/endpoints/" + endpoint + "/score")
                .put("created_at", "2026-11-29T07:00:00Z").put("updated_at", "2026-11-29T07:00:00Z");
        ArrayNode instances = d.putArray("instances");
        for (int i = 0; i < count; i++) {
            instances.addObject().put("id", name + "-" + i).put("state", i < ready ? "Ready" : "Starting")
                    .put("pid", 1000 + i).put("url", "http://127.0.0.1:4000" + i)
                    .put("startedAt", "2026-11-29T07:00:01Z").put("restarts", 0);
        }
        d.putArray("events").add("2026-11-29T07:00:01Z " + name + "-0 Starting");
        return d;
    }
}
