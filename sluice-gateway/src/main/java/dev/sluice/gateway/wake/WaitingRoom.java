package dev.sluice.gateway.wake;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.metrics.DemandSignal;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.core.routing.RoutingTable;
import dev.sluice.gateway.forward.Call;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.RequestMeters;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Holds requests for deployments that start on demand and have no instance Ready (scaled to zero): the autoscaler is
 * told ({@link DemandSignal}), and each request waits, its body unread, until an instance of its deployment is in
 * the routing, when it goes on its way, or until its request timeout, when it gets 503 with Retry-After. One per
 * event loop, used only on it; at most {@link #MAX_PER_DEPLOYMENT} requests wait per deployment and loop, more get
 * 503 at once. While any request waits, the routing is looked at every {@link #LOOK_EVERY}.
 */
public final class WaitingRoom {

    static final int MAX_PER_DEPLOYMENT = 256;
    static final Duration LOOK_EVERY = Duration.ofMillis(20);

    /** What continues a held request once its deployment has an instance. */
    @FunctionalInterface
    public interface Resume {
        void resume(EndpointRoute endpoint, DeploymentRoute deployment);
    }

    private record Held(Call call, String endpoint, String deployment, RequestMeters meters, long deadlineNanos,
                        Resume resume) {
    }

    private final Vertx vertx;
    private final RoutingTable routing;
    private final DemandSignal demand;
    private final List<Held> held = new ArrayList<>();
    private final Map<String, Integer> perDeployment = new HashMap<>();
    private long timer = -1;

    public WaitingRoom(Vertx vertx, RoutingTable routing, DemandSignal demand) {
        this.vertx = vertx;
        this.routing = routing;
        this.demand = demand;
    }

    /** Holds the request (its body is paused by the caller), or refuses it at once when too many wait already. */
    public void hold(Call call, EndpointRoute endpoint, DeploymentRoute deployment, RequestMeters meters,
                     Resume resume) {
        String key = endpoint.name() + '\n' + deployment.name();
        demand.waiting(endpoint.name(), deployment.name());
        if (perDeployment.getOrDefault(key, 0) >= MAX_PER_DEPLOYMENT) {
            call.reject(meters, deployment.name(), ErrorCode.NO_READY_INSTANCE, "deployment '" + deployment.name()
                    + "' is starting an instance and " + MAX_PER_DEPLOYMENT + " requests wait for it already");
            return;
        }
        perDeployment.merge(key, 1, Integer::sum);
        long deadline = call.startNanos() + Math.max(1, deployment.requestTimeout().toNanos());
        Held request = new Held(call, endpoint.name(), deployment.name(), meters, deadline, resume);
        held.add(request);
        call.request().response().closeHandler(v -> callerGone(request));
        if (timer < 0) {
            timer = vertx.setPeriodic(LOOK_EVERY.toMillis(), id -> look());
        }
    }

    /** How many requests wait on this loop now. */
    public int waiting() {
        return held.size();
    }

    private void look() {
        RoutingSnapshot snapshot = routing.current();
        long now = System.nanoTime();
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held request = it.next();
            EndpointRoute endpoint = snapshot.endpoint(request.endpoint());
            DeploymentRoute deployment = endpoint == null ? null : endpoint.deployment(request.deployment());
            if (deployment != null && !deployment.readyInstances().isEmpty()) {
                leave(it, request);
                request.resume().resume(endpoint, deployment);
            } else if (deployment == null) {
                leave(it, request);
                request.call().reject(request.meters(), request.deployment(), ErrorCode.NOT_FOUND, "deployment '"
                        + request.deployment() + "' left endpoint '" + request.endpoint() + "' while the request "
                        + "waited for an instance");
            } else if (now - request.deadlineNanos() >= 0) {
                leave(it, request);
                request.call().reject(request.meters(), request.deployment(), ErrorCode.NO_READY_INSTANCE,
                        "deployment '" + request.deployment() + "' has no ready instance yet: one is starting but "
                                + "was not ready within the request timeout (request_timeout_ms: "
                                + deployment.requestTimeout().toMillis() + "); retry shortly");
            }
        }
        stopLookingIfEmpty();
    }

    private void callerGone(Held request) {
        if (held.remove(request)) {
            count(request, -1);
            request.meters().record(GatewayStatus.CLIENT_CLOSED, request.call().startNanos());
            stopLookingIfEmpty();
        }
    }

    private void leave(Iterator<Held> it, Held request) {
        it.remove();
        count(request, -1);
    }

    private void count(Held request, int delta) {
        perDeployment.merge(request.endpoint() + '\n' + request.deployment(), delta,
                (a, b) -> a + b == 0 ? null : a + b);
    }

    private void stopLookingIfEmpty() {
        if (held.isEmpty() && timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
