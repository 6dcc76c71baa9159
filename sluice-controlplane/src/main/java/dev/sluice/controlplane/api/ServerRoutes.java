package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** {@code /api/v1/server}, {@code /api/v1/openapi.json} and {@code /metrics}. */
final class ServerRoutes {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Calls calls;
    private final ApiOptions options;
    private final String openApi;
    private final Supplier<String> metrics;

    ServerRoutes(Calls calls, ApiOptions options, String openApi, Supplier<String> metrics) {
        this.calls = calls;
        this.options = options;
        this.openApi = openApi;
        this.metrics = metrics;
    }

    void mount(Router router) {
        router.get("/api/v1/server").handler(this::server);
        router.get("/api/v1/openapi.json").handler(ctx -> calls.replies().text(ctx, 200, Replies.JSON, openApi));
        // Scraping walks every meter; cheap, but not the event loop's business.
        router.get("/metrics").handler(ctx -> calls.text(ctx, PROMETHEUS_TEXT, metrics::get));
    }

    private void server(RoutingContext ctx) {
        ObjectNode json = calls.replies().empty();
        json.put("version", options.version());
        json.put("apiUrl", apiUrl(ctx));
        json.put("gatewayUrl", options.gatewayUrl());
        calls.replies().json(ctx, 200, json);
    }

    /** The address the client used, which is by definition one it can reach. */
    private static String apiUrl(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        String scheme = ctx.request().scheme();
        if (authority == null) {
            return scheme + "://" + ctx.request().localAddress().hostAddress() + ":" + ctx.request().localAddress().port();
        }
        String host = authority.host().contains(":") && !authority.host().startsWith("[")
                ? "[" + authority.host() + "]" : authority.host();
        return scheme + "://" + host + (authority.port() > 0 ? ":" + authority.port() : "");
    }
}
