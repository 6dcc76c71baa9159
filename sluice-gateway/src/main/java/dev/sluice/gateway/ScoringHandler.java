package dev.sluice.gateway;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.Permit;
import dev.sluice.gateway.caller.CallerRequest;
import dev.sluice.gateway.forward.BodyCollector;
import dev.sluice.gateway.forward.Call;
import dev.sluice.gateway.forward.Deadline;
import dev.sluice.gateway.forward.ForwardContext;
import dev.sluice.gateway.forward.LiveForward;
import dev.sluice.gateway.forward.Mirror;
import dev.sluice.gateway.forward.RequestBody;
import dev.sluice.gateway.http.GatewayHeaders;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.RequestMeters;
import dev.sluice.gateway.metrics.Traffic;
import dev.sluice.gateway.route.ReservedPaths;
import dev.sluice.gateway.route.RoutedBy;
import dev.sluice.gateway.route.Selection;
import dev.sluice.gateway.route.Target;
import dev.sluice.gateway.wake.WaitingRoom;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of one event loop: resolve → network access → authenticate → rate limit → reserved paths →
 * choose deployment →
 * body limit → ready instance → admission → (mirror) → forward. Every step before forwarding is synchronous,
 * so a refused request is answered before its body is read; a deployment that starts on demand holds requests in
 * the {@link WaitingRoom} instead, until it has an instance and a place for them.
 */
final class ScoringHandler implements Handler<CallerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringHandler.class);
    private static final int MAX_ECHOED_NAME = 64;

    private final GatewayShared shared;
    private final ForwardContext context;
    private final Mirror mirror;
    private final WaitingRoom waitingRoom;

    ScoringHandler(GatewayShared shared, ForwardContext context, Mirror mirror, WaitingRoom waitingRoom) {
        this.shared = shared;
        this.context = context;
        this.mirror = mirror;
        this.waitingRoom = waitingRoom;
    }

    @Override
    public void handle(CallerRequest request) {
        Call call = Call.start(request);
        try {
            route(call);
        } catch (RuntimeException e) {
            // Messages of unexpected failures stay in the log; the caller gets a generic answer.
            LOG.warn("gateway failed on {} {}", request.method(), request.path(), e);
            call.reject(shared.metrics().unrouted(""), null, ErrorCode.INTERNAL, "internal error, see the server log");
        }
    }

    private void route(Call call) {
        CallerRequest request = call.request();
        Target target = shared.resolver().resolve(request.authorityHost(), originForm(request));
        if (target == null) {
            call.reject(shared.metrics().unrouted(""), null, ErrorCode.NOT_FOUND,
                    "no endpoint in the request (expected: /endpoints/{endpoint}/... )");
            return;
        }
        RoutingSnapshot snapshot = shared.routing().current();
        shared.load().observe(snapshot);
        shared.states().observe(snapshot);
        EndpointRoute endpoint = findEndpoint(snapshot, target.endpoint());
        if (endpoint == null) {
            call.reject(shared.metrics().unrouted(""), null, ErrorCode.NOT_FOUND,
                    "endpoint '" + shown(target.endpoint()) + "' does not exist");
            return;
        }
        Future<Void> allowed;
        try {
            shared.access().check(endpoint, request.remoteHost());
            allowed = shared.authenticator().authenticate(endpoint, request.getHeader(HttpHeaderNames.AUTHORIZATION));
        } catch (SluiceException e) {
            call.reject(shared.metrics().unrouted(endpoint.name()), null, e);
            return;
        }
        if (allowed.isComplete()) {
            authenticated(call, endpoint, target, allowed);
            return;
        }
        // A token never seen before is being verified off the event loop: its body waits, unread.
        call.holdBody();
        allowed.onComplete(done -> authenticated(call, endpoint, target, allowed));
    }

    private void authenticated(Call call, EndpointRoute endpoint, Target target, Future<Void> allowed) {
        CallerRequest request = call.request();
        Selection selection;
        try {
            if (allowed.failed()) {
                throw allowed.cause() instanceof SluiceException e ? e : new IllegalStateException(allowed.cause());
            }
            shared.rateLimits().acquire(endpoint);
            if (ReservedPaths.isReserved(target.forwardUri())) {
                throw SluiceException.of(ErrorCode.NOT_FOUND, "path '" + shown(request.path())
                        + "' is reserved for Sluice and is not forwarded");
            }
            selection = shared.selector().select(endpoint, request.getHeader(GatewayHeaders.DEPLOYMENT));
        } catch (SluiceException e) {
            call.reject(shared.metrics().unrouted(endpoint.name()), null, e);
            return;
        } catch (RuntimeException e) {
            LOG.warn("gateway failed on {} {}", request.method(), request.path(), e);
            call.reject(shared.metrics().unrouted(endpoint.name()), null, ErrorCode.INTERNAL,
                    "internal error, see the server log");
            return;
        }
        dispatch(call, endpoint, target, selection);
    }

    private void dispatch(Call call, EndpointRoute endpoint, Target target, Selection selection) {
        DeploymentRoute route = selection.deployment();
        DeploymentState state = shared.states().get(endpoint.name(), route.name());
        RequestMeters meters = state.meters(Traffic.LIVE);
        RequestBody body;
        try {
            body = RequestBody.of(call.request(), shared.options().maxRequestBytes());
        } catch (SluiceException e) {
            call.reject(meters, route.name(), e);
            return;
        }
        Deadline deadline = call.deadline(route.requestTimeout());
        if (route.startsOnDemand() && (route.readyInstances().isEmpty() || state.waiting().waking())) {
            // Scaled to zero, or just woken with requests still waiting for it: wait in line, body unread.
            call.holdBody();
            waitingRoom.hold(call, endpoint, route, state, deadline, (freshEndpoint, started, admitted) ->
                    forward(call, freshEndpoint, target, new Selection(started, selection.routedBy()),
                            new Admission(state, admitted, deadline), body));
            return;
        }
        if (route.readyInstances().isEmpty()) {
            call.reject(meters, route.name(), ErrorCode.NO_READY_INSTANCE, "deployment '" + route.name()
                    + "' of endpoint '" + endpoint.name() + "' has no ready instance");
            return;
        }
        Permit admitted = state.tryAdmit(route);
        if (admitted == null) {
            call.reject(meters, route.name(), ErrorCode.TOO_MANY_REQUESTS, "deployment '" + route.name()
                    + "' has too many requests in flight (limit: 2 x max_concurrent_requests_per_instance "
                    + route.maxConcurrentPerInstance() + " x " + route.readyInstances().size()
                    + " ready instances); retry later");
            return;
        }
        forward(call, endpoint, target, selection, new Admission(state, admitted, deadline), body);
    }

    /**
     * An admitted request's place in {@code state}'s in-flight limit, which the forward releases, and the deadline
     * its whole exchange keeps (a request held at the gateway has spent part of its timeout already).
     */
    private record Admission(DeploymentState state, Permit permit, Deadline deadline) {
    }

    private void forward(Call call, EndpointRoute endpoint, Target target, Selection selection, Admission admission,
                         RequestBody body) {
        if (selection.routedBy() == RoutedBy.TRAFFIC && endpoint.mirror() != null
                && endpoint.mirror().shouldMirror()) {
            forwardMirrored(call, endpoint, target.forwardUri(), admission, body);
            return;
        }
        if (body.present()) {
            call.holdBody();
        }
        new LiveForward(context, call, admission.state(), admission.permit(), selection.deployment(),
                target.forwardUri(), body).start(admission.deadline());
    }

    /** Mirrored requests are sent twice, so their body is read (bounded) before either is sent. */
    private void forwardMirrored(Call call, EndpointRoute endpoint, String forwardUri, Admission admission,
                                 RequestBody body) {
        DeploymentState state = admission.state();
        Permit admitted = admission.permit();
        DeploymentRoute route = endpoint.deployment(state.deployment());
        BodyCollector.collect(context.vertx(), call.request(), body, shared.options().maxRequestBytes(),
                admission.deadline()).onComplete(buffer -> {
            new LiveForward(context, call, state, admitted, route, forwardUri, RequestBody.buffered(buffer))
                    .start(admission.deadline());
            mirror.copy(endpoint, call, forwardUri, buffer);
        }, failure -> {
            admitted.release();
            if (failure instanceof SluiceException e) {
                call.reject(state.meters(Traffic.LIVE), route.name(), e);
            } else {
                state.meters(Traffic.LIVE).record(GatewayStatus.CLIENT_CLOSED, call.startNanos());
            }
        });
        // Held while a new token was verified: the collector's handler is set, so the body may flow now.
        call.request().resume();
    }

    private static EndpointRoute findEndpoint(RoutingSnapshot snapshot, String name) {
        EndpointRoute exact = snapshot.endpoint(name);
        if (exact != null) {
            return exact;
        }
        // Host names reach us lower-cased by browsers; endpoint names are unique regardless of case.
        for (EndpointRoute candidate : snapshot.endpoints().values()) {
            if (candidate.name().equalsIgnoreCase(name)) {
                return candidate;
            }
        }
        return null;
    }

    /** The request target as {@code /path?query}, also when a client sent the absolute form. */
    private static String originForm(CallerRequest request) {
        String uri = request.uri();
        if (!uri.isEmpty() && uri.charAt(0) == '/') {
            return uri;
        }
        String query = request.query();
        return query == null ? request.path() : request.path() + "?" + query;
    }

    private static String shown(String text) {
        return text.length() <= MAX_ECHOED_NAME ? text : text.substring(0, MAX_ECHOED_NAME) + "…";
    }
}
