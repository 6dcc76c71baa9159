package dev.sluice.core.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of an endpoint spec that are accepted but do not take effect here, each with the reason, so that none
 * is ignored silently: {@code show} lists them as {@code warnings}, the CLI prints them, {@code --strict} refuses them.
 */
public final class EndpointWarnings {

    private EndpointWarnings() {
    }

    public static List<String> of(EndpointSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec.compute() != null) {
            out.add("compute: " + spec.compute() + " is not used; the endpoint's deployments run as local processes");
        }
        if (spec.identity() != null && spec.identityType().contains("user_assigned")
                && spec.identity().has("user_assigned_identities")) {
            out.add("identity.user_assigned_identities: not used; deployments get tokens of this server from"
                    + " IDENTITY_ENDPOINT, which call its aml_token endpoints, not Azure resources");
        }
        return List.copyOf(out);
    }
}
