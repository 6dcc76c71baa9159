package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.Permit;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.Traffic;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

/**
 * One background copy of a mirrored request. Counted with {@code mirrored="true"} and the status a live
 * request would have got (so blue and green compare side by side); bounded by the mirror deployment's
 * request timeout. Every failure ends here: nothing propagates to the live request.
 */
final class MirrorCopy {

    private final ForwardContext context;
    private final DeploymentState state;
    private final DeploymentRoute route;
    private final long startNanos;
    private final Runnable onDone;
    private Permit instanceLoad;
    private HttpClientRequest upstream;
    private long timerId = -1;
    private boolean done;

    MirrorCopy(ForwardContext context, DeploymentState state, DeploymentRoute route, long startNanos,
               Runnable onDone) {
        this.context = context;
        this.state = state;
        this.route = route;
        this.startNanos = startNanos;
        this.onDone = onDone;
    }

    void send(InstanceRoute instance, HttpMethod method, String uri, MultiMap headers, Buffer body) {
        timerId = context.vertx().setTimer(Math.max(1, route.requestTimeout().toMillis()), id -> onTimeout());
        instanceLoad = context.load().acquire(instance);
        context.upstream().open(instance, method, uri, headers).onComplete(request -> {
            request.exceptionHandler(Upstream.REPORTED_ELSEWHERE);
            if (done) {
                request.reset();
                return;
            }
            upstream = request;
            request.response().onComplete(this::onResponse, failure -> finish(statusOf(ErrorCode.INSTANCE_FAILED)));
            request.end(body);
        }, failure -> finish(statusOf(Upstream.isRefused(failure)
                ? ErrorCode.NO_READY_INSTANCE : ErrorCode.INSTANCE_FAILED)));
    }

    private void onResponse(HttpClientResponse response) {
        int status = ResponseMapping.statusFor(response);
        state.meters(Traffic.MIRROR).recordQueueWait(response.getHeader(WorkerProtocol.QUEUE_WAIT_HEADER));
        // Reading the answer to its end (and dropping it) returns the connection to the pool.
        response.end().onComplete(v -> finish(status), failure -> finish(statusOf(ErrorCode.INSTANCE_FAILED)));
    }

    private void onTimeout() {
        timerId = -1;
        if (done) {
            return;
        }
        HttpClientRequest request = upstream;
        finish(statusOf(ErrorCode.REQUEST_TIMEOUT));
        if (request != null) {
            request.reset();
        }
    }

    private void finish(int status) {
        if (done) {
            return;
        }
        done = true;
        if (timerId >= 0) {
            context.vertx().cancelTimer(timerId);
            timerId = -1;
        }
        instanceLoad.release();
        onDone.run();
        state.meters(Traffic.MIRROR).record(status, startNanos);
    }

    private static int statusOf(ErrorCode code) {
        return GatewayStatus.of(code);
    }
}
