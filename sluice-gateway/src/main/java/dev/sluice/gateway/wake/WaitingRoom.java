package dev.sluice.gateway.wake;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.metrics.DemandSignal;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.core.routing.RoutingTable;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.Permit;
import dev.sluice.gateway.balance.WaitOrder;
import dev.sluice.gateway.forward.Call;
import dev.sluice.gateway.forward.Deadline;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.RequestMeters;
import dev.sluice.gateway.metrics.Traffic;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Holds requests for deployments that start on demand while they cannot be admitted: no instance is Ready (scaled
 * to zero; the autoscaler is told through the {@link DemandSignal}), or one has just become Ready and the requests
 * that waited for it outnumber its places under the in-flight limit. Requests wait, bodies unread, in the order
 * they were held (across event loops, {@link WaitOrder}), and the oldest goes on holding an admission place as
 * soon as one is free; when its request timeout, counted from its arrival, runs out first it gets 503 (no
 * instance) or 429 (no place), both with Retry-After.
 *
 * <p>One per event loop, used only on it; at most {@link #MAX_PER_DEPLOYMENT} requests wait per deployment and
 * loop, more are refused at once. While any request waits, the routing is looked at every {@link #LOOK_EVERY}, and
 * the autoscaler is told again every {@link #REMIND_EVERY} about a deployment still without an instance, so that a
 * signal it lost costs one period rather than every waiting request.
 */
public final class WaitingRoom {

    static final int MAX_PER_DEPLOYMENT = 256;
    static final Duration LOOK_EVERY = Duration.ofMillis(20);
    static final Duration REMIND_EVERY = Duration.ofSeconds(1);

    /** What continues a held request once it has a place: {@code admitted} is its own, to release when done. */
    @FunctionalInterface
    public interface Resume {
        void resume(EndpointRoute endpoint, DeploymentRoute deployment, Permit admitted);
    }

    /**
     * @param ticket its place in {@code state}'s {@link WaitOrder}
     * @param wake   its count in {@link WaitOrder#countForWake()}, or null when an instance was Ready
     */
    private record Held(Call call, DeploymentState state, RequestMeters meters, Deadline deadline, long ticket,
                        Permit wake, Resume resume) {
    }

    /** The requests waiting for one deployment, oldest first. */
    private static final class Line {
        private final String endpoint;
        private final String deployment;
        private final ArrayDeque<Held> queue = new ArrayDeque<>();
        private long toldAtNanos;

        private Line(String endpoint, String deployment, long nowNanos) {
            this.endpoint = endpoint;
            this.deployment = deployment;
            this.toldAtNanos = nowNanos;
        }
    }

    private final Vertx vertx;
    private final RoutingTable routing;
    private final DemandSignal demand;
    private final Map<String, Line> lines = new HashMap<>();
    private int held;
    private long timer = -1;

    public WaitingRoom(Vertx vertx, RoutingTable routing, DemandSignal demand) {
        this.vertx = vertx;
        this.routing = routing;
        this.demand = demand;
    }

    /**
     * Holds the request (its body is paused by the caller) until {@code deadline}, or refuses it at once when too
     * many wait already.
     */
    public void hold(Call call, EndpointRoute endpoint, DeploymentRoute deployment, DeploymentState state,
                     Deadline deadline, Resume resume) {
        long now = System.nanoTime();
        boolean noInstance = deployment.readyInstances().isEmpty();
        Line line = lines.computeIfAbsent(endpoint.name() + '\n' + deployment.name(),
                key -> new Line(endpoint.name(), deployment.name(), now));
        if (noInstance) {
            demand.waiting(endpoint.name(), deployment.name());
            line.toldAtNanos = now;
        }
        RequestMeters meters = state.meters(Traffic.LIVE);
        if (line.queue.size() >= MAX_PER_DEPLOYMENT) {
            refuseOverflow(call, deployment, meters);
            return;
        }
        WaitOrder order = state.waiting();
        Held request = new Held(call, state, meters, deadline, order.join(),
                noInstance ? order.countForWake() : null, resume);
        line.queue.add(request);
        held++;
        call.request().response().closeHandler(() -> callerGone(line, request));
        if (timer < 0) {
            timer = vertx.setPeriodic(LOOK_EVERY.toMillis(), id -> look());
        }
    }

    /** How many requests wait on this loop now. */
    public int waiting() {
        return held;
    }

    private static void refuseOverflow(Call call, DeploymentRoute deployment, RequestMeters meters) {
        if (deployment.readyInstances().isEmpty()) {
            call.reject(meters, deployment.name(), ErrorCode.NO_READY_INSTANCE, "deployment '" + deployment.name()
                    + "' is starting an instance and " + MAX_PER_DEPLOYMENT + " requests wait for it already");
        } else {
            call.reject(meters, deployment.name(), ErrorCode.TOO_MANY_REQUESTS, "deployment '" + deployment.name()
                    + "' has just started an instance and " + MAX_PER_DEPLOYMENT + " requests wait for a place "
                    + "already; retry later");
        }
    }

    private void look() {
        RoutingSnapshot snapshot = routing.current();
        long now = System.nanoTime();
        // A copy: answering a request runs callbacks, none of which may disturb this walk.
        for (Line line : new ArrayList<>(lines.values())) {
            EndpointRoute endpoint = snapshot.endpoint(line.endpoint);
            DeploymentRoute deployment = endpoint == null ? null : endpoint.deployment(line.deployment);
            if (deployment == null) {
                refuseAll(line);
            } else if (deployment.readyInstances().isEmpty()) {
                remind(line, now);
                expire(line, deployment, now);
            } else {
                expire(line, deployment, now);
                admit(line, endpoint, deployment);
            }
            if (line.queue.isEmpty()) {
                lines.remove(line.endpoint + '\n' + line.deployment, line);
            }
        }
        stopLookingIfEmpty();
    }

    /** Oldest first (on any loop), as many as the deployment has places for; the rest wait for the next look. */
    private void admit(Line line, EndpointRoute endpoint, DeploymentRoute deployment) {
        Held next;
        while ((next = line.queue.peek()) != null && next.state().waiting().isFirst(next.ticket())) {
            Permit admitted = next.state().tryAdmit(deployment);
            if (admitted == null) {
                return;
            }
            line.queue.poll();
            leave(next);
            next.resume().resume(endpoint, deployment, admitted);
        }
    }

    /** The autoscaler may have dropped the first signal (a failed tick): say it again, throttled. */
    private void remind(Line line, long now) {
        if (now - line.toldAtNanos >= REMIND_EVERY.toNanos()) {
            line.toldAtNanos = now;
            demand.waiting(line.endpoint, line.deployment);
        }
    }

    private void expire(Line line, DeploymentRoute deployment, long now) {
        List<Held> expired = new ArrayList<>(0);
        for (Iterator<Held> it = line.queue.iterator(); it.hasNext(); ) {
            Held request = it.next();
            if (request.deadline().passed(now)) {
                it.remove();
                expired.add(request);
            }
        }
        for (Held request : expired) {
            leave(request);
            timedOut(request, deployment);
        }
    }

    private static void timedOut(Held request, DeploymentRoute deployment) {
        String name = deployment.name();
        long timeoutMs = request.deadline().timeoutMillis();
        if (deployment.readyInstances().isEmpty()) {
            request.call().reject(request.meters(), name, ErrorCode.NO_READY_INSTANCE, "deployment '" + name
                    + "' has no ready instance yet: one is starting but was not ready within the request timeout "
                    + "(request_timeout_ms: " + timeoutMs + "); retry shortly");
        } else {
            request.call().reject(request.meters(), name, ErrorCode.TOO_MANY_REQUESTS, "deployment '" + name
                    + "' started an instance, but no place under its limit (2 x max_concurrent_requests_per_instance "
                    + deployment.maxConcurrentPerInstance() + " x " + deployment.readyInstances().size()
                    + " ready instances) came free within the request timeout (request_timeout_ms: " + timeoutMs
                    + "); retry later");
        }
    }

    private void refuseAll(Line line) {
        List<Held> gone = new ArrayList<>(line.queue);
        line.queue.clear();
        for (Held request : gone) {
            leave(request);
            request.call().reject(request.meters(), line.deployment, ErrorCode.NOT_FOUND, "deployment '"
                    + line.deployment + "' left endpoint '" + line.endpoint + "' while the request waited for an "
                    + "instance");
        }
    }

    private void callerGone(Line line, Held request) {
        if (line.queue.remove(request)) {
            leave(request);
            request.meters().record(GatewayStatus.CLIENT_CLOSED, request.call().startNanos());
            stopLookingIfEmpty();
        }
    }

    /** The request is out of its line (answered, resumed or gone): its counts go. */
    private void leave(Held request) {
        held--;
        request.state().waiting().leave(request.ticket());
        if (request.wake() != null) {
            request.wake().release();
        }
    }

    private void stopLookingIfEmpty() {
        if (held == 0 && timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
