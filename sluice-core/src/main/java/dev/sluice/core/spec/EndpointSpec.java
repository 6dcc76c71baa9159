package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An endpoint as its YAML ({@code endpoint.yml}) describes it, plus Sluice's own settings under {@code sluice:}
 * ({@link EndpointSluiceSettings}), which Azure's schema has no key for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointSpec(
        @JsonProperty("$schema") String schema,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("auth_mode") AuthMode authMode,
        @JsonProperty("traffic") Map<String, Integer> traffic,
        @JsonProperty("mirror_traffic") Map<String, Integer> mirrorTraffic,
        @JsonProperty("public_network_access") String publicNetworkAccess,
        @JsonProperty("identity") JsonNode identity,
        @JsonProperty("compute") String compute,
        @JsonProperty(EndpointSluiceSettings.KEY) EndpointSluiceSettings sluice) {

    public EndpointSpec {
        traffic = traffic == null ? Map.of() : copyOrdered(traffic);
        mirrorTraffic = mirrorTraffic == null ? Map.of() : copyOrdered(mirrorTraffic);
    }

    public static EndpointSpec named(String name) {
        return new EndpointSpec(null, name, null, null, AuthMode.KEY, Map.of(), Map.of(), null, null, null, null);
    }

    @JsonIgnore
    public AuthMode authModeOrDefault() {
        return authMode == null ? AuthMode.KEY : authMode;
    }

    /** {@code public_network_access: disabled}: only clients on the server's private networks may score. */
    @JsonIgnore
    public boolean publicNetworkAccessDisabled() {
        return "disabled".equalsIgnoreCase(publicNetworkAccess);
    }

    @JsonIgnore
    public EndpointSluiceSettings sluiceOrDefault() {
        return sluice == null ? new EndpointSluiceSettings(null, null) : sluice;
    }

    /** The identity's {@code type} ({@code system_assigned} when the YAML has none, as on Azure), lower case. */
    @JsonIgnore
    public String identityType() {
        JsonNode type = identity == null ? null : identity.get("type");
        return type == null || !type.isTextual() ? "system_assigned"
                : type.asText().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
    }

    public EndpointSpec withSluice(EndpointSluiceSettings newSluice) {
        return new EndpointSpec(schema, name, description, tags, authMode, traffic, mirrorTraffic,
                publicNetworkAccess, identity, compute, newSluice);
    }

    public EndpointSpec withPublicNetworkAccess(String access) {
        return new EndpointSpec(schema, name, description, tags, authMode, traffic, mirrorTraffic,
                access, identity, compute, sluice);
    }

    public EndpointSpec withName(String newName) {
        return new EndpointSpec(schema, newName, description, tags, authMode, traffic, mirrorTraffic,
                publicNetworkAccess, identity, compute, sluice);
    }

    public EndpointSpec withTraffic(Map<String, Integer> newTraffic) {
        return new EndpointSpec(schema, name, description, tags, authMode, newTraffic, mirrorTraffic,
                publicNetworkAccess, identity, compute, sluice);
    }

    public EndpointSpec withMirrorTraffic(Map<String, Integer> newMirror) {
        return new EndpointSpec(schema, name, description, tags, authMode, traffic, newMirror,
                publicNetworkAccess, identity, compute, sluice);
    }

    public EndpointSpec withAuthMode(AuthMode newAuthMode) {
        return new EndpointSpec(schema, name, description, tags, newAuthMode, traffic, mirrorTraffic,
                publicNetworkAccess, identity, compute, sluice);
    }

    /** Keeps the order the user wrote (for output) and rejects null values early with a clear message. */
    private static Map<String, Integer> copyOrdered(Map<String, Integer> in) {
        Map<String, Integer> out = new LinkedHashMap<>();
        in.forEach((key, value) -> out.put(key, value));
        return java.util.Collections.unmodifiableMap(out);
    }
}
