package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.controlplane.autoscale.AutoscaleSettings;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.AutoscaleStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /api/v1/endpoints/{e}/deployments/{d}/autoscale}: a deployment's Azure Monitor autoscale setting (POST to
 * create, PUT to replace, GET, DELETE) and {@code …/autoscale/history}; {@code /api/v1/autoscale} lists settings.
 * With {@code ?strict=true} a create or replace whose setting would have warnings is refused before it is stored.
 */
final class AutoscaleRoutes {

    static final String ONE = DeploymentRoutes.ONE + "/autoscale";
    static final String ALL = "/api/v1/autoscale";
    private static final int DEFAULT_HISTORY = 100;

    private final AutoscaleSettings settings;
    private final Calls calls;
    private final RequestBodies bodies;

    AutoscaleRoutes(AutoscaleSettings settings, Calls calls, RequestBodies bodies) {
        this.settings = settings;
        this.calls = calls;
        this.bodies = bodies;
    }

    void mount(Router router, Handler<RoutingContext> body) {
        router.post(ONE).handler(body).handler(ctx -> calls.json(ctx, 201,
                () -> render(settings.create(id(ctx), strict(ctx)))));
        router.put(ONE).handler(body).handler(ctx -> calls.json(ctx, 200,
                () -> render(settings.update(id(ctx), strict(ctx)))));
        router.get(ONE).handler(ctx -> calls.json(ctx, 200, () -> render(settings.get(id(ctx)))));
        router.delete(ONE).handler(ctx -> calls.json(ctx, 200, () -> deletion(settings.delete(id(ctx)))));
        router.get(ONE + "/history").handler(ctx -> calls.json(ctx, 200,
                () -> history(settings.history(id(ctx), limit(ctx)))));
        router.get(ALL).handler(ctx -> calls.json(ctx, 200, () -> list(settings.list(
                ctx.queryParams().get("endpoint")))));
    }

    /** The body, once {@code ?strict=true} has refused it if it would have warnings (the CLI's --strict). */
    private JsonNode strict(RoutingContext ctx) {
        JsonNode document = bodies.object(ctx);
        if (SpecWarnings.strict(ctx)) {
            SpecWarnings.refuseIfStrict(ctx, settings.warnings(id(ctx), document));
        }
        return document;
    }

    private ObjectNode render(AutoscaleSettings.View view) {
        ObjectNode json = calls.replies().empty();
        json.put("endpoint", view.deployment().endpointName());
        json.put("deployment", view.deployment().deploymentName());
        json.set("setting", view.setting());
        ArrayNode warnings = json.putArray("warnings");
        view.warnings().forEach(warnings::add);
        json.put("created_at", view.createdAt().toString());
        json.put("updated_at", view.updatedAt().toString());
        return json;
    }

    /** {@code {}}, or the count a deployment at zero was given and why. */
    private ObjectNode deletion(AutoscaleSettings.Deletion deletion) {
        ObjectNode json = calls.replies().empty();
        if (deletion.instanceCount() != null) {
            json.put("instance_count", deletion.instanceCount());
            json.put("message", deletion.message());
        }
        return json;
    }

    private ObjectNode list(List<AutoscaleSettings.View> views) {
        ObjectNode json = calls.replies().empty();
        ArrayNode value = json.putArray("value");
        views.forEach(view -> value.add(render(view)));
        return json;
    }

    private ObjectNode history(List<AutoscaleStore.Decision> decisions) {
        ObjectNode json = calls.replies().empty();
        ArrayNode value = json.putArray("value");
        for (AutoscaleStore.Decision d : decisions) {
            ObjectNode entry = value.addObject();
            entry.put("time", d.time().toString());
            entry.put("source", d.source());
            entry.put("from", d.from());
            entry.put("to", d.to());
            entry.put("trigger", d.trigger());
            entry.put("values", d.values());
            entry.put("outcome", d.outcome());
        }
        return json;
    }

    private static int limit(RoutingContext ctx) {
        String limit = ctx.queryParams().get("limit");
        if (limit == null) {
            return DEFAULT_HISTORY;
        }
        try {
            return Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw SluiceException.badArgument("limit", limit, "a whole number");
        }
    }

    private static DeploymentId id(RoutingContext ctx) {
        return new DeploymentId(ctx.pathParam("e"), ctx.pathParam("d"));
    }
}
