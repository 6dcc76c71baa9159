package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.controlplane.logs.ConsoleLogs;
import dev.sluice.controlplane.api.Calls.Tagged;
import dev.sluice.controlplane.logs.LogContainer;
import dev.sluice.controlplane.service.DeploymentService;
import dev.sluice.controlplane.service.IfMatch;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.spec.DeploymentSpec;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/endpoints/{e}/deployments…}: create, show, list, replace, delete, logs. A deployment's answers
 * carry its ETag; a PUT with {@code If-Match} applies only to the version it names (412 otherwise).
 */
final class DeploymentRoutes {

    static final String ALL = EndpointRoutes.ONE + "/deployments";
    static final String ONE = ALL + "/:d";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final DeploymentService deployments;
    private final ConsoleLogs logs;
    private final Calls calls;
    private final RequestBodies bodies;
    private final ResourceJson json;
    private final SpecWarnings warnings;

    DeploymentRoutes(DeploymentService deployments, ConsoleLogs logs, Calls calls, RequestBodies bodies,
                     ResourceJson json, SpecWarnings warnings) {
        this.deployments = deployments;
        this.logs = logs;
        this.calls = calls;
        this.bodies = bodies;
        this.json = json;
        this.warnings = warnings;
    }

    void mount(Router router, Handler<RoutingContext> body) {
        router.get(ALL).handler(ctx -> calls.json(ctx, 200,
                () -> json.list(deployments.list(endpoint(ctx)).stream().map(this::render).toList())));
        router.post(ALL).handler(body).handler(ctx -> calls.tagged(ctx, 201,
                () -> tagged(deployments.create(endpoint(ctx), spec(ctx)))));
        router.get(ONE).handler(ctx -> calls.tagged(ctx, 200,
                () -> tagged(deployments.get(endpoint(ctx), name(ctx)))));
        router.put(ONE).handler(body).handler(ctx -> calls.tagged(ctx, 200,
                () -> tagged(deployments.replace(endpoint(ctx), name(ctx), spec(ctx),
                        IfMatch.parse(ctx.request().getHeader(HttpHeaders.IF_MATCH))))));
        router.delete(ONE).handler(ctx -> calls.json(ctx, 200, () -> {
            deployments.delete(endpoint(ctx), name(ctx));
            return calls.replies().empty();
        }));
        router.get(ONE + "/logs").handler(ctx -> calls.text(ctx, TEXT, () -> logs(ctx)));
    }

    private DeploymentSpec spec(RoutingContext ctx) {
        return warnings.strictDeployment(ctx, bodies.deployment(ctx));
    }

    private String logs(RoutingContext ctx) {
        int lines = ConsoleLogs.lines(ctx.queryParams().get("lines"));
        LogContainer container = LogContainer.parse(ctx.queryParams().get("container"));
        Deployment deployment = deployments.get(endpoint(ctx), name(ctx));
        return logs.tail(DeploymentId.of(deployment), container, lines);
    }

    private ObjectNode render(Deployment deployment) {
        DeploymentId id = DeploymentId.of(deployment);
        return json.deployment(deployment, deployments.instances(id), deployments.events(id));
    }

    private Tagged tagged(Deployment deployment) {
        return new Tagged(render(deployment), deployments.etag(deployment));
    }

    private static String endpoint(RoutingContext ctx) {
        return ctx.pathParam("e");
    }

    private static String name(RoutingContext ctx) {
        return ctx.pathParam("d");
    }
}
