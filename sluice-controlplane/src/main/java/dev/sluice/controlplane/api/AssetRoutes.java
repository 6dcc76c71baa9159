package dev.sluice.controlplane.api;

import dev.sluice.controlplane.service.RegistryService;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/models…} and {@code /api/v1/environments…} (one instance per {@link AssetKind}): register,
 * list, show a version or the latest, archive and restore.
 */
final class AssetRoutes {

    private final AssetKind kind;
    private final RegistryService registry;
    private final Calls calls;
    private final RequestBodies bodies;
    private final ResourceJson json;

    AssetRoutes(AssetKind kind, RegistryService registry, Calls calls, RequestBodies bodies, ResourceJson json) {
        this.kind = kind;
        this.registry = registry;
        this.calls = calls;
        this.bodies = bodies;
        this.json = json;
    }

    void mount(Router router, Handler<RoutingContext> body) {
        String all = "/api/v1/" + kind.plural();
        String one = all + "/:name/versions/:version";
        router.get(all).handler(ctx -> calls.json(ctx, 200, () -> json.list(registry.list(kind,
                ctx.queryParams().get("name"), includeArchived(ctx)).stream().map(json::asset).toList())));
        router.post(all).handler(body).handler(ctx -> calls.json(ctx, 201,
                () -> json.asset(registry.create(bodies.asset(kind, ctx)))));
        router.get(all + "/:name/latest").handler(ctx -> calls.json(ctx, 200,
                () -> json.asset(registry.latest(kind, ctx.pathParam("name")))));
        router.get(one).handler(ctx -> calls.json(ctx, 200, () -> json.asset(registry.get(kind, ctx.pathParam("name"),
                ctx.pathParam("version")))));
        router.post(one + "/archive").handler(ctx -> calls.json(ctx, 200, () -> json.asset(registry.setArchived(kind,
                ctx.pathParam("name"), ctx.pathParam("version"), true))));
        router.post(one + "/restore").handler(ctx -> calls.json(ctx, 200, () -> json.asset(registry.setArchived(kind,
                ctx.pathParam("name"), ctx.pathParam("version"), false))));
    }

    private static boolean includeArchived(RoutingContext ctx) {
        String value = ctx.queryParams().get("includeArchived");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw SluiceException.badArgument("includeArchived", value, "true | false");
    }
}
