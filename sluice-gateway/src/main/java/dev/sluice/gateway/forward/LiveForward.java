package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.Permit;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.Traffic;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.Pipe;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One live request forwarded to a worker: connect (trying another instance when one refuses), stream the
 * body, map and stream the answer back, all bounded by the deployment's request timeout counted from the request's
 * arrival (a request that waited at the gateway has less left). Runs on one event
 * loop, so its own state needs no synchronisation. It owns two {@link Permit}s, its place in the deployment's
 * in-flight limit and its count on the instance it talks to, and gives each back once.
 */
public final class LiveForward {

    private enum Phase { CONNECTING, WAITING, RESPONDING, DONE }

    private final ForwardContext context;
    private final Call call;
    private final DeploymentState state;
    private final Permit admitted;
    private final DeploymentRoute route;
    private final String forwardUri;
    private final RequestBody body;
    private Phase phase = Phase.CONNECTING;
    private InstanceRoute instance;
    private Permit instanceLoad;
    private List<String> refused;
    private HttpClientRequest upstream;
    private long timerId = -1;

    /** @param admitted the place {@code state} gave this request; the forward releases it when done */
    public LiveForward(ForwardContext context, Call call, DeploymentState state, Permit admitted,
                       DeploymentRoute route, String forwardUri, RequestBody body) {
        this.context = context;
        this.call = call;
        this.state = state;
        this.admitted = admitted;
        this.route = route;
        this.forwardUri = forwardUri;
        this.body = body;
    }

    /** @param deadline when the request's time is up, counted from its arrival, whatever it has waited for since */
    public void start(Deadline deadline) {
        timerId = context.vertx().setTimer(deadline.remainingMillis(System.nanoTime()), id -> onTimeout(deadline));
        call.request().response().closeHandler(v -> onCallerGone());
        InstanceRoute first = state.pick(route.readyInstances(), context.load());
        if (first == null) {
            fail(ErrorCode.NO_READY_INSTANCE, noReadyInstance());
            return;
        }
        connect(first);
    }

    private void connect(InstanceRoute target) {
        instance = target;
        instanceLoad = context.load().acquire(target);
        HttpMethod method = call.request().method();
        context.upstream().open(target, method, forwardUri, null).onComplete(this::onConnected, this::onConnectFailed);
    }

    private void onConnectFailed(Throwable cause) {
        releaseInstance();
        if (phase == Phase.DONE) {
            return;
        }
        if (!Upstream.isRefused(cause)) {
            String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            fail(ErrorCode.INSTANCE_FAILED, "cannot reach instance '" + instance.id() + "' of deployment '"
                    + route.name() + "': " + why);
            return;
        }
        InstanceRoute next = nextUntried();
        if (next == null) {
            fail(ErrorCode.NO_READY_INSTANCE, noReadyInstance());
        } else {
            connect(next);
        }
    }

    private InstanceRoute nextUntried() {
        if (refused == null) {
            refused = new ArrayList<>(2);
        }
        refused.add(instance.id());
        List<InstanceRoute> candidates = new ArrayList<>(route.readyInstances().size());
        for (InstanceRoute candidate : route.readyInstances()) {
            if (!refused.contains(candidate.id())) {
                candidates.add(candidate);
            }
        }
        return state.pick(candidates, context.load());
    }

    private void onConnected(HttpClientRequest request) {
        request.exceptionHandler(Upstream.REPORTED_ELSEWHERE);
        if (phase == Phase.DONE) {
            request.reset();
            return;
        }
        upstream = request;
        phase = Phase.WAITING;
        ForwardHeaders.toWorker(call.request().headers(), request.headers(), call.requestId());
        request.response().onComplete(this::onResponse, this::onUpstreamFailed);
        switch (body.shape()) {
            case NONE -> request.end();
            case BUFFERED -> {
                request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(body.length()));
                request.end(body.buffered());
            }
            case SIZED, CHUNKED -> pipeBody(request);
        }
    }

    private void pipeBody(HttpClientRequest request) {
        HttpServerRequest source = call.request();
        if (call.expectsContinue()) {
            source.response().writeContinue();
        }
        ReadStream<Buffer> stream = source;
        if (body.shape() == BodyShape.CHUNKED) {
            request.setChunked(true);
            stream = new BoundedBody(source, context.maxRequestBytes());
        }
        // Failing (not ending) the worker request on a broken body keeps a truncated body from looking whole.
        Pipe<Buffer> pipe = stream.pipe();
        pipe.endOnFailure(false);
        pipe.to(request).onFailure(this::onBodyFailed);
    }

    private void onBodyFailed(Throwable cause) {
        if (phase == Phase.DONE) {
            return;
        }
        if (cause instanceof SluiceException e && e.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
            fail(e.code(), e.getMessage());
        } else if (call.request().response().closed()) {
            onCallerGone();
        } else if (phase != Phase.RESPONDING) {
            fail(ErrorCode.INSTANCE_FAILED, "instance '" + instance.id() + "' of deployment '" + route.name()
                    + "' failed while receiving the request body");
        }
    }

    private void onResponse(HttpClientResponse response) {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.RESPONDING;
        HttpServerResponse out = call.request().response();
        int status = ResponseMapping.apply(response, out);
        state.meters(Traffic.LIVE).recordQueueWait(response.getHeader(WorkerProtocol.QUEUE_WAIT_HEADER));
        call.identify(out.headers(), route.name());
        if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH) && hasBody(status)) {
            out.setChunked(true);
        }
        Pipe<Buffer> pipe = response.pipe();
        pipe.endOnFailure(false);
        pipe.to(out).onComplete(v -> finish(status), this::onRelayFailed);
    }

    private boolean hasBody(int status) {
        return status != 204 && status != 304 && call.request().method() != HttpMethod.HEAD;
    }

    private void onRelayFailed(Throwable cause) {
        if (endedByCaller()) {
            return;
        }
        // The head is out; closing is the only way left to tell the caller the answer is incomplete.
        call.request().response().reset();
        upstream.reset();
        finish(GatewayStatus.of(ErrorCode.INSTANCE_FAILED));
    }

    private void onUpstreamFailed(Throwable cause) {
        if (endedByCaller()) {
            return;
        }
        fail(ErrorCode.INSTANCE_FAILED, "instance '" + instance.id() + "' of deployment '" + route.name()
                + "' closed the connection before answering");
    }

    /** True when the forward is over already, or is now because the caller's connection is gone. */
    private boolean endedByCaller() {
        if (phase == Phase.DONE) {
            return true;
        }
        if (call.request().response().closed()) {
            onCallerGone();
            return true;
        }
        return false;
    }

    private void onTimeout(Deadline deadline) {
        timerId = -1;
        if (phase == Phase.DONE) {
            return;
        }
        fail(ErrorCode.REQUEST_TIMEOUT, "deployment '" + route.name() + "' did not answer within its request "
                + "timeout (request_timeout_ms: " + deadline.timeoutMillis() + ", counted from the request's "
                + "arrival)");
    }

    private void onCallerGone() {
        if (phase == Phase.DONE) {
            return;
        }
        HttpClientRequest request = upstream;
        finish(GatewayStatus.CLIENT_CLOSED);
        if (request != null) {
            request.reset();
        }
    }

    /** Ends the exchange with the gateway's own answer (or a reset when the head is already out). */
    private void fail(ErrorCode code, String message) {
        if (phase == Phase.DONE) {
            return;
        }
        HttpClientRequest request = upstream;
        finish(GatewayStatus.of(code));
        if (request != null) {
            request.reset();
        }
        call.reply(code, message, route.name());
    }

    private void finish(int status) {
        phase = Phase.DONE;
        if (timerId >= 0) {
            context.vertx().cancelTimer(timerId);
            timerId = -1;
        }
        releaseInstance();
        admitted.release();
        state.meters(Traffic.LIVE).record(status, call.startNanos());
    }

    private void releaseInstance() {
        if (instanceLoad != null) {
            instanceLoad.release();
        }
    }

    private String noReadyInstance() {
        String tried = refused == null ? "" : " (" + refused.size() + " refused the connection)";
        return "deployment '" + route.name() + "' has no ready instance" + tried;
    }
}
