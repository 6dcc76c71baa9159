package dev.sluice.gateway;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.core.metrics.DemandSignal;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.routing.RoutingTable;
import dev.sluice.gateway.balance.DeploymentStates;
import dev.sluice.gateway.balance.InstanceLoad;
import dev.sluice.gateway.balance.LiveTraffic;
import dev.sluice.gateway.forward.MirrorSlots;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.auth.AmlTokenVerifier;
import dev.sluice.gateway.auth.OidcVerifier;
import dev.sluice.gateway.route.DeploymentSelector;
import dev.sluice.gateway.route.EndpointAuthenticator;
import dev.sluice.gateway.route.EndpointResolver;
import dev.sluice.gateway.route.NetworkAccessCheck;
import dev.sluice.gateway.route.RateLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The scoring data plane: accepts {@code /endpoints/{e}/…} (or {@code Host: {e}.{domain}}) over HTTP or
 * HTTPS, authenticates, picks a deployment and an instance from the current {@link RoutingTable} snapshot,
 * mirrors, and forwards to workers. It reads only the snapshot on the request path.
 *
 * <p>{@link GatewayOptions#serverInstances()} servers share one port, one per event loop.
 */
public final class Gateway {

    /**
     * Each request looks at the snapshot it uses; this look covers a gateway without requests, so that the meters
     * of a deleted deployment leave {@code /metrics} within this period.
     */
    static final Duration ROUTING_LOOK_PERIOD = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final GatewayShared shared;
    private final List<String> deploymentIds = new ArrayList<>();
    private int port = -1;
    private long routingLook = -1;
    private boolean started;

    private Gateway(Vertx vertx, GatewayShared shared) {
        this.vertx = vertx;
        this.shared = shared;
    }

    /** A gateway for key endpoints only (aml_token and aad_token endpoints answer 401). */
    public static Gateway create(Vertx vertx, GatewayOptions options, RoutingTable routing, MeterRegistry registry) {
        return create(vertx, options, routing, registry, DemandSignal.NONE, GatewayAuth.keysOnly());
    }

    /**
     * @param demand told when a request waits for a deployment scaled to zero (the autoscaler starts an instance)
     */
    public static Gateway create(Vertx vertx, GatewayOptions options, RoutingTable routing, MeterRegistry registry,
                                 DemandSignal demand) {
        return create(vertx, options, routing, registry, demand, GatewayAuth.keysOnly());
    }

    /** @param auth what aml_tokens and aad_tokens are verified with */
    public static Gateway create(Vertx vertx, GatewayOptions options, RoutingTable routing, MeterRegistry registry,
                                 DemandSignal demand, GatewayAuth auth) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(auth, "auth");
        GatewayMetrics metrics = GatewayMetrics.create(registry);
        EndpointAuthenticator authenticator = new EndpointAuthenticator(
                AmlTokenVerifier.create(auth.amlKeys(), auth.clock()),
                auth.oidc().map(oidc -> OidcVerifier.create(vertx, oidc, auth.clock())).orElse(null));
        GatewayShared shared = new GatewayShared(options, routing, EndpointResolver.create(options.domain()),
                new NetworkAccessCheck(options.privateNetworks()), authenticator,
                new RateLimits(options.maxRps(), System::nanoTime), new DeploymentSelector(),
                DeploymentStates.create(metrics), InstanceLoad.create(), metrics,
                MirrorSlots.of(options.mirrorQueueCapacity()), Objects.requireNonNull(demand, "demand"));
        return new Gateway(vertx, shared);
    }

    /** Binds and returns the port (the free one chosen when the options say 0). */
    public synchronized Future<Integer> start() {
        if (started) {
            return Future.failedFuture(new IllegalStateException("gateway already started; stop it first"));
        }
        started = true;
        routingLook = vertx.setPeriodic(ROUTING_LOOK_PERIOD.toMillis(), id -> lookAtRouting());
        int listenPort = shareablePort(shared.options().port());
        List<GatewayVerticle> servers = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
            GatewayVerticle server = new GatewayVerticle(shared, listenPort);
            servers.add(server);
            return server;
        }, new DeploymentOptions().setInstances(shared.options().serverInstances())).map(id -> {
            recordDeployment(id);
            int bound = servers.get(0).boundPort();
            setPort(bound);
            return bound;
        }).recover(this::describeFailure);
    }

    /**
     * Vert.x shares one socket among servers listening on the same port, but port 0 is never shared: each
     * would get its own free port. A negative port is Vert.x's "shared free port" key; a random one keeps
     * this gateway's servers from joining another component's free port in the same Vert.x.
     */
    private static int shareablePort(int port) {
        return port != 0 ? port : -1 - ThreadLocalRandom.current().nextInt(1 << 30);
    }

    private void lookAtRouting() {
        RoutingSnapshot current = shared.routing().current();
        shared.states().observe(current);
        shared.load().observe(current);
        shared.rateLimits().observe(current);
    }

    /** Stops accepting and closes the worker connection pools. */
    public synchronized Future<Void> stop() {
        if (routingLook >= 0) {
            vertx.cancelTimer(routingLook);
            routingLook = -1;
        }
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deploymentIds) {
            undeployed.add(vertx.undeploy(id));
        }
        deploymentIds.clear();
        port = -1;
        started = false;
        return Future.join(undeployed).mapEmpty();
    }

    /** What the gateway counts of live traffic, for the control plane's metrics and autoscaling. */
    public TrafficReadings traffic() {
        return new LiveTraffic(shared.states(), shared.load());
    }

    /** The bound port, or -1 when not started. */
    public synchronized int port() {
        return port;
    }

    private synchronized void recordDeployment(String id) {
        deploymentIds.add(id);
    }

    private synchronized void setPort(int bound) {
        port = bound;
    }

    private Future<Integer> describeFailure(Throwable cause) {
        String where = shared.options().host() + ":" + shared.options().port();
        String tls = shared.options().tls().map(t -> " with TLS certificate " + t.certificatePem()
                + " and key " + t.privateKeyPem()).orElse("");
        return stop().transform(ignored -> Future.failedFuture(SluiceException.wrap(ErrorCode.INTERNAL,
                "gateway cannot listen on " + where + tls + ": " + cause.getMessage(), cause)));
    }
}
