package dev.sluice.core.spec;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules an endpoint must satisfy. {@link #validate} checks the spec alone; {@link #validateTraffic}
 * also needs the names of the endpoint's deployments, so only the server can run it.
 */
public final class EndpointValidator {

    public static final int MAX_MIRROR_PERCENT = 50;
    /** Azure's identity types; {@code none} gives deployments no identity endpoint. */
    private static final List<String> IDENTITY_TYPES = List.of("system_assigned", "user_assigned",
            "system_assigned,user_assigned", "none");

    private EndpointValidator() {
    }

    public static EndpointSpec validate(EndpointSpec spec) {
        Names.require("name", spec.name());
        // az ml show prints Enabled / Disabled; the YAML schema spells them in lower case.
        if (spec.publicNetworkAccess() != null
                && !Set.of("enabled", "disabled").contains(spec.publicNetworkAccess().toLowerCase(Locale.ROOT))) {
            throw SluiceException.badArgument("public_network_access", spec.publicNetworkAccess(), "enabled | disabled");
        }
        checkIdentity(spec);
        checkAuth(spec);
        checkPercentages("traffic", spec.traffic(), 100);
        checkPercentages("mirror_traffic", spec.mirrorTraffic(), MAX_MIRROR_PERCENT);
        long mirrors = spec.mirrorTraffic().values().stream().filter(v -> v > 0).count();
        if (mirrors > 1) {
            throw SluiceException.badArgument("mirror_traffic", spec.mirrorTraffic(), "at most one deployment");
        }
        int sum = spec.traffic().values().stream().mapToInt(Integer::intValue).sum();
        if (sum != 0 && sum != 100) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT,
                    "traffic: " + spec.traffic() + " sums to " + sum + " (expected: a sum of 0 or 100)", "traffic");
        }
        for (Map.Entry<String, Integer> mirror : spec.mirrorTraffic().entrySet()) {
            Integer live = spec.traffic().get(mirror.getKey());
            if (mirror.getValue() > 0 && live != null && live > 0) {
                throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "mirror_traffic." + mirror.getKey() + ": "
                        + mirror.getValue() + " (expected: 0, since " + mirror.getKey() + " has live traffic (traffic."
                        + mirror.getKey() + ": " + live + "); a deployment gets live or mirrored traffic, not both)",
                        "mirror_traffic." + mirror.getKey());
            }
        }
        return spec;
    }

    private static void checkIdentity(EndpointSpec spec) {
        if (spec.identity() == null || spec.identity().isNull()) {
            return;
        }
        if (!spec.identity().isObject()) {
            throw SluiceException.badArgument("identity", spec.identity(), "a mapping with a type");
        }
        if (!IDENTITY_TYPES.contains(spec.identityType())) {
            throw SluiceException.badArgument("identity.type", spec.identity().path("type").asText(),
                    String.join(" | ", IDENTITY_TYPES));
        }
    }

    /** Kubernetes endpoints take key or aml_token only (Azure's rule); claims and rates need sane values. */
    private static void checkAuth(EndpointSpec spec) {
        AuthMode mode = spec.authModeOrDefault();
        if (spec.compute() != null && mode == AuthMode.AAD_TOKEN) {
            throw SluiceException.badArgument("auth_mode", mode.wire(),
                    "key | aml_token, the modes of a Kubernetes endpoint (compute: " + spec.compute() + ")");
        }
        EndpointSluiceSettings sluice = spec.sluiceOrDefault();
        if (!sluice.requiredClaimsOrEmpty().isEmpty() && mode != AuthMode.AAD_TOKEN) {
            throw SluiceException.badArgument("sluice.required_claims", sluice.requiredClaims(),
                    "no required claims with auth_mode " + mode.wire() + "; they apply to aad_token endpoints");
        }
        for (Map.Entry<String, String> claim : sluice.requiredClaimsOrEmpty().entrySet()) {
            if (claim.getKey().isBlank() || claim.getValue() == null || claim.getValue().isBlank()) {
                throw SluiceException.badArgument("sluice.required_claims." + claim.getKey(),
                        claim.getValue() == null ? "(missing)" : "'" + claim.getValue() + "'",
                        "a claim name and the value it must hold, such as roles: scorer");
            }
        }
        if (sluice.maxRps() != null && (sluice.maxRps() < 1 || sluice.maxRps() > EndpointSluiceSettings.MAX_RPS)) {
            throw SluiceException.badArgument("sluice.max_rps", sluice.maxRps(), "1.." + EndpointSluiceSettings.MAX_RPS);
        }
    }

    /** Traffic and mirror may only name existing deployments. */
    public static void validateTraffic(EndpointSpec spec, Set<String> deployments) {
        validate(spec);
        checkKnown("traffic", spec.traffic(), deployments);
        checkKnown("mirror_traffic", spec.mirrorTraffic(), deployments);
    }

    private static void checkPercentages(String field, Map<String, Integer> values, int max) {
        for (Map.Entry<String, Integer> e : values.entrySet()) {
            String key = field + "." + e.getKey();
            if (e.getValue() == null) {
                throw SluiceException.badArgument(key, "(missing)", "0.." + max);
            }
            if (e.getValue() < 0 || e.getValue() > max) {
                throw SluiceException.badArgument(key, e.getValue(), "0.." + max);
            }
        }
    }

    private static void checkKnown(String field, Map<String, Integer> values, Set<String> deployments) {
        for (String name : values.keySet()) {
            if (!deployments.contains(name)) {
                String expected = deployments.isEmpty()
                        ? "an existing deployment of this endpoint; it has none yet"
                        : "one of the endpoint's deployments: " + String.join(", ", new TreeSet<>(deployments));
                throw SluiceException.badArgument(field + "." + name, "unknown deployment '" + name + "'", expected);
            }
        }
    }
}
