package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.controlplane.artifacts.ArtifactStore;
import dev.sluice.controlplane.autoscale.AutoscaleSettings;
import dev.sluice.controlplane.logs.ConsoleLogs;
import dev.sluice.controlplane.metrics.MetricsQuery;
import dev.sluice.controlplane.service.DeploymentService;
import dev.sluice.controlplane.service.EndpointService;
import dev.sluice.controlplane.service.RegistryService;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.spec.SpecReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The management REST API ({@code {apiUrl}/api/v1/…} and {@code /metrics}), as internals.md's table lists it:
 * every route needs a token ({@link ApiAccess}), every change is audited, every service call runs on a bounded worker pool, every failure answers
 * with the one JSON error shape.
 */
public final class ManagementApi {

    /** JSON bodies beyond this are refused with 413; specs are a few kilobytes. */
    public static final long MAX_JSON_BYTES = 1024 * 1024;
    /** Management calls are few; a small pool bounds what a burst can take from the server. */
    private static final int WORKER_THREADS = 8;
    private static final String OPENAPI_RESOURCE = "openapi.json";

    private final Vertx vertx;
    private final ApiOptions options;
    private final Router router;
    private final WorkerExecutor workers;
    private HttpServer server;

    private ManagementApi(Vertx vertx, ApiOptions options, Router router, WorkerExecutor workers) {
        this.vertx = vertx;
        this.options = options;
        this.router = router;
        this.workers = workers;
    }

    /** Autoscale settings and the metrics they read, as the API serves them. */
    public record Scaling(AutoscaleSettings settings, MetricsQuery metrics) {
    }

    /**
     * @param metrics  the Prometheus text exposition, produced on a worker thread per scrape
     * @param security the tokens every call must carry as {@code Authorization: Bearer <token>}, and the audit log
     */
    public static ManagementApi create(Vertx vertx, ApiOptions options, EndpointService endpoints,
                                       DeploymentService deployments, RegistryService registry,
                                       ArtifactStore artifacts, ConsoleLogs logs, Scaling scaling,
                                       Supplier<String> metrics, ApiSecurity security) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(metrics, "metrics");
        ObjectMapper mapper = new ObjectMapper();
        SpecReader specs = SpecReader.create();
        Replies replies = new Replies(mapper);
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("sluice-management-api", WORKER_THREADS);
        Calls calls = new Calls(new Blocking(workers), replies);
        RequestBodies bodies = new RequestBodies(specs);
        SpecWarnings warnings = new SpecWarnings(security.oidcIssuer());
        ResourceJson json = new ResourceJson(mapper, specs, options.gatewayUrl(), warnings);
        // Uploads are not multipart; without this, BodyHandler would create a file-uploads folder.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_JSON_BYTES);

        Router router = Router.router(vertx);
        FailureHandler failures = new FailureHandler(replies, MAX_JSON_BYTES);
        AuditTrail audit = new AuditTrail(security.audit(), calls.blocking(), security.clock());
        router.route().handler(new ApiAccess(security.adminToken(), security.tokens(), audit, calls));
        new ServerRoutes(calls, options, openApiDocument(), metrics).mount(router);
        new EndpointRoutes(Objects.requireNonNull(endpoints, "endpoints"), calls, bodies, json, warnings)
                .mount(router, body);
        new DeploymentRoutes(Objects.requireNonNull(deployments, "deployments"), Objects.requireNonNull(logs, "logs"),
                calls, bodies, json, warnings).mount(router, body);
        for (AssetKind kind : AssetKind.values()) {
            new AssetRoutes(kind, Objects.requireNonNull(registry, "registry"), calls, bodies, json).mount(router, body);
        }
        new TokenRoutes(security.tokens(), security.keyring(), security.audit(), calls, bodies, json)
                .mount(router, body);
        new ArtifactRoutes(vertx, Objects.requireNonNull(artifacts, "artifacts"), calls, options.maxArtifactBytes())
                .mount(router);
        new AutoscaleRoutes(Objects.requireNonNull(scaling, "scaling").settings(), calls, bodies).mount(router, body);
        new MetricRoutes(scaling.metrics(), calls).mount(router);
        router.route().failureHandler(failures);
        router.errorHandler(404, ctx -> failures.byStatus(ctx, 404));
        router.errorHandler(405, ctx -> failures.byStatus(ctx, 405));
        return new ManagementApi(vertx, options, router, workers);
    }

    /** Binds the port and answers it (the actual one when {@link ApiOptions#port()} is 0). */
    public synchronized Future<Integer> start() {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("the management API is already started"));
        }
        // HTTP/1.1 only: management calls gain nothing from HTTP/2, and one request per connection keeps an
        // early refusal of an upload (413) from touching other calls.
        HttpServerOptions serverOptions = new HttpServerOptions().setHost(options.host()).setPort(options.port())
                .setHttp2ClearTextEnabled(false);
        if (options.tls() != null) {
            serverOptions.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(options.tls().certificate().toString())
                    .setKeyPath(options.tls().privateKey().toString()));
        }
        HttpServer created = vertx.createHttpServer(serverOptions).requestHandler(router);
        server = created;
        return created.listen().map(HttpServer::actualPort).onFailure(e -> forget(created));
    }

    /** Stops listening and releases the worker pool; calls in flight finish. */
    public synchronized Future<Void> stop() {
        HttpServer running = server;
        server = null;
        Future<Void> closed = running == null ? Future.succeededFuture() : running.close();
        return closed.eventually(() -> workers.close());
    }

    private synchronized void forget(HttpServer failed) {
        if (server == failed) {
            server = null;
        }
    }

    /** For tests: the routes, to hold the OpenAPI document true. */
    Router router() {
        return router;
    }

    private static String openApiDocument() {
        try (InputStream in = ManagementApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the " + OPENAPI_RESOURCE + " resource is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
