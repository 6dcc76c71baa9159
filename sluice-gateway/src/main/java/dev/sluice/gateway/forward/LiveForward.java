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
    private final InstanceChoice choice;
    private RequestBody body;
    private Phase phase = Phase.CONNECTING;
    private InstanceRoute instance;
    private Permit instanceLoad;
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
        this.choice = new InstanceChoice(route, state, context.load());
    }

    /** @param deadline when the request's time is up, counted from its arrival, whatever it has waited for since */
    public void start(Deadline deadline) {
        timerId = context.vertx().setTimer(deadline.remainingMillis(System.nanoTime()), id -> onTimeout(deadline));
        call.request().response().closeHandler(v -> onCallerGone());
        if (body.readWhole()) {
            readWholeBody();
        } else {
            connectFirst();
        }
    }

    /**
     * A small body is read before connecting and then sent with the head in one write, as nginx buffers
     * bodies too: cheaper than piping it chunk by chunk, and a retry on another instance resends it as it is.
     */
    private void readWholeBody() {
        HttpServerRequest source = call.request();
        if (call.expectsContinue()) {
            source.response().writeContinue();
        }
        Buffer whole = Buffer.buffer((int) body.length());
        source.handler(whole::appendBuffer);
        source.exceptionHandler(this::onCallerBodyFailed);
        source.endHandler(v -> {
            if (phase != Phase.DONE) {
                body = RequestBody.buffered(whole);
                connectFirst();
            }
        });
        source.resume();
    }

    private void onCallerBodyFailed(Throwable cause) {
        if (!endedByCaller()) {
            fail(ErrorCode.BAD_ARGUMENT, "the request body could not be read: " + cause.getMessage());
        }
    }

    private void connectFirst() {
        InstanceRoute first = choice.first();
        if (first == null) {
            fail(ErrorCode.NO_READY_INSTANCE, choice.noneReady());
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
        InstanceRoute next = choice.afterRefusal(instance);
        if (next == null) {
            fail(ErrorCode.NO_READY_INSTANCE, choice.noneReady());
        } else {
            connect(next);
        }
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
        HttpMethod method = call.request().method();
        if (ResponseMapping.readsWhole(response, method)) {
            // Nothing reaches the caller before the whole answer is here, so a failure on the way is a clean error.
            response.body().onComplete(whole -> relayWhole(response, whole), this::onUpstreamFailed);
            return;
        }
        HttpServerResponse out = call.request().response();
        int status = relayHead(response, out);
        if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH) && ResponseMapping.hasBody(status, method)) {
            out.setChunked(true);
        }
        Pipe<Buffer> pipe = response.pipe();
        pipe.endOnFailure(false);
        pipe.to(out).onComplete(v -> finish(status), this::onRelayFailed);
    }

    private void relayWhole(HttpClientResponse response, Buffer whole) {
        if (phase == Phase.DONE) {
            return;
        }
        HttpServerResponse out = call.request().response();
        int status = relayHead(response, out);
        out.end(whole).onComplete(v -> finish(status), this::onRelayFailed);
    }

    /** Status and headers of the caller's answer; returns the status. */
    private int relayHead(HttpClientResponse response, HttpServerResponse out) {
        int status = ResponseMapping.apply(response, out);
        state.meters(Traffic.LIVE).recordQueueWait(response.getHeader(WorkerProtocol.QUEUE_WAIT_HEADER));
        call.identify(out.headers(), route.name());
        return status;
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
}
