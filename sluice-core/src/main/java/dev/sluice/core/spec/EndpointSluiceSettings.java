package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sluice:} of an endpoint: Sluice's own settings, for which Azure's endpoint schema has no key.
 *
 * @param requiredClaims claims an {@code aad_token} must carry, such as {@code roles: scorer}: the claim equals the
 *                       value, or is a list that contains it
 * @param maxRps         requests per second this endpoint accepts (beyond: 429 with {@code Retry-After}); null uses
 *                       the server's {@code --max-rps}, which is off by default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointSluiceSettings(
        @JsonProperty("required_claims") Map<String, String> requiredClaims,
        @JsonProperty("max_rps") Integer maxRps) {

    public static final String KEY = "sluice";
    public static final int MAX_RPS = 1_000_000;

    public EndpointSluiceSettings {
        requiredClaims = requiredClaims == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(requiredClaims));
    }

    /** The required claims, empty when there are none. */
    public Map<String, String> requiredClaimsOrEmpty() {
        return requiredClaims == null ? Map.of() : requiredClaims;
    }
}
