package dev.sluice.controlplane.api;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentWarnings;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EndpointWarnings;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warnings of a spec on this server ({@code warnings} in {@code show}): the spec's own
 * ({@link EndpointWarnings}, {@link DeploymentWarnings}) and what this server's settings add. With
 * {@code ?strict=true} (the CLI's {@code --strict}) a create or update that would have warnings is refused instead.
 */
final class SpecWarnings {

    static final String STRICT = "strict";

    private final Optional<String> oidcIssuer;

    SpecWarnings(Optional<String> oidcIssuer) {
        this.oidcIssuer = oidcIssuer;
    }

    List<String> endpoint(EndpointSpec spec) {
        List<String> out = new ArrayList<>(EndpointWarnings.of(spec));
        if (spec.authModeOrDefault() == AuthMode.AAD_TOKEN && oidcIssuer.isEmpty()) {
            out.add("auth_mode: aad_token, but this server has no identity provider (--oidc-issuer); every request"
                    + " gets 401");
        }
        return out;
    }

    List<String> deployment(DeploymentSpec spec) {
        return DeploymentWarnings.of(spec);
    }

    EndpointSpec strictEndpoint(RoutingContext ctx, EndpointSpec spec) {
        refuseIfStrict(ctx, endpoint(spec));
        return spec;
    }

    DeploymentSpec strictDeployment(RoutingContext ctx, DeploymentSpec spec) {
        refuseIfStrict(ctx, deployment(spec));
        return spec;
    }

    /** Whether the call asks for {@code ?strict=true}. */
    static boolean strict(RoutingContext ctx) {
        String strict = ctx.queryParams().get(STRICT);
        return strict != null && strict.equalsIgnoreCase("true");
    }

    /** Refuses the call when it is strict and there are {@code warnings}, naming the first one's field. */
    static void refuseIfStrict(RoutingContext ctx, List<String> warnings) {
        if (warnings.isEmpty() || !strict(ctx)) {
            return;
        }
        String first = warnings.get(0);
        String field = first.substring(0, Math.max(0, first.indexOf(':')));
        throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "--strict: " + String.join("; ", warnings)
                + " (expected: no key that is accepted without effect)", field.isEmpty() ? null : field);
    }
}
