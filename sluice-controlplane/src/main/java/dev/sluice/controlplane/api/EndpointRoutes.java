package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.controlplane.api.Calls.Tagged;
import dev.sluice.controlplane.service.EndpointService;
import dev.sluice.controlplane.service.IfMatch;
import dev.sluice.controlplane.tokens.AmlTokenIssuer.IssuedToken;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.spec.EndpointSpec;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/endpoints…}: create, show, list, replace, delete, keys. An endpoint's answers carry its ETag; a
 * PUT with {@code If-Match} applies only to the version it names (412 otherwise).
 */
final class EndpointRoutes {

    static final String ALL = "/api/v1/endpoints";
    static final String ONE = ALL + "/:e";

    private final EndpointService endpoints;
    private final Calls calls;
    private final RequestBodies bodies;
    private final ResourceJson json;
    private final SpecWarnings warnings;

    EndpointRoutes(EndpointService endpoints, Calls calls, RequestBodies bodies, ResourceJson json,
                   SpecWarnings warnings) {
        this.endpoints = endpoints;
        this.calls = calls;
        this.bodies = bodies;
        this.json = json;
        this.warnings = warnings;
    }

    void mount(Router router, Handler<RoutingContext> body) {
        router.get(ALL).handler(ctx -> calls.json(ctx, 200,
                () -> json.list(endpoints.list().stream().map(this::render).toList())));
        router.post(ALL).handler(body).handler(ctx -> calls.tagged(ctx, 201,
                () -> tagged(endpoints.create(spec(ctx)))));
        router.get(ONE).handler(ctx -> calls.tagged(ctx, 200, () -> tagged(endpoints.get(name(ctx)))));
        router.put(ONE).handler(body).handler(ctx -> calls.tagged(ctx, 200, () -> tagged(endpoints.replace(name(ctx),
                spec(ctx), IfMatch.parse(ctx.request().getHeader(HttpHeaders.IF_MATCH))))));
        router.delete(ONE).handler(ctx -> calls.json(ctx, 200, () -> {
            endpoints.delete(name(ctx));
            return calls.replies().empty();
        }));
        router.post(ONE + "/listKeys").handler(ctx -> calls.json(ctx, 200, () -> keys(endpoints.listKeys(name(ctx)))));
        router.post(ONE + "/regenerateKeys").handler(body).handler(ctx -> calls.tagged(ctx, 200,
                () -> tagged(endpoints.regenerateKeys(name(ctx), bodies.keyType(ctx)))));
        router.get(ONE + "/token").handler(ctx -> calls.json(ctx, 200,
                () -> token(endpoints.token(name(ctx), Actor.of(ctx).name()))));
    }

    private EndpointSpec spec(RoutingContext ctx) {
        return warnings.strictEndpoint(ctx, bodies.endpoint(ctx));
    }

    /** As {@code az ml online-endpoint get-credentials} prints an aml_token: times in epoch seconds. */
    private ObjectNode token(IssuedToken token) {
        ObjectNode out = calls.replies().empty();
        out.put("accessToken", token.accessToken());
        out.put("tokenType", "Bearer");
        out.put("expiryTimeUtc", token.expiresAt().getEpochSecond());
        out.put("refreshAfterTimeUtc", token.refreshAfter().getEpochSecond());
        return out;
    }

    private ObjectNode render(Endpoint endpoint) {
        return json.endpoint(endpoint, endpoints.trafficOf(endpoint));
    }

    private Tagged tagged(Endpoint endpoint) {
        return new Tagged(render(endpoint), endpoints.etag(endpoint));
    }

    /** What {@code get-credentials} prints; the only answer that holds keys. */
    private ObjectNode keys(EndpointKeys keys) {
        ObjectNode out = calls.replies().empty();
        out.put("primaryKey", keys.primaryKey());
        out.put("secondaryKey", keys.secondaryKey());
        return out;
    }

    private static String name(RoutingContext ctx) {
        return ctx.pathParam("e");
    }
}
