package dev.sluice.cli.client;

import static dev.sluice.cli.client.ApiRequests.API;
import static dev.sluice.cli.client.ApiRequests.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetSpec;

/** The management API's registry routes (docs/internals.md): versions of models and environments. */
public final class AssetClient {

    private final ApiRequests requests;

    AssetClient(ApiRequests requests) {
        this.requests = requests;
    }

    /** Registered versions of {@code name} (of every name when null), archived ones only when asked. */
    public ArrayNode list(AssetKind kind, String name, boolean includeArchived) {
        StringBuilder query = new StringBuilder("?includeArchived=").append(includeArchived);
        if (name != null) {
            query.append("&name=").append(encode(name));
        }
        return requests.list(API + kind.plural() + query);
    }

    public JsonNode get(AssetKind kind, String name, String version) {
        return requests.get(versionPath(kind, name, version));
    }

    /** The version registered last that is not archived. */
    public JsonNode latest(AssetKind kind, String name) {
        return requests.get(API + kind.plural() + "/" + encode(name) + "/latest");
    }

    public JsonNode create(AssetSpec spec) {
        return requests.call("POST", API + spec.kind().plural(), spec);
    }

    /** Archives a version. */
    public JsonNode archive(AssetKind kind, String name, String version) {
        return requests.call("POST", versionPath(kind, name, version) + "/archive", null);
    }

    /** Restores an archived version. */
    public JsonNode restore(AssetKind kind, String name, String version) {
        return requests.call("POST", versionPath(kind, name, version) + "/restore", null);
    }

    private static String versionPath(AssetKind kind, String name, String version) {
        return API + kind.plural() + "/" + encode(name) + "/versions/" + encode(version);
    }
}
