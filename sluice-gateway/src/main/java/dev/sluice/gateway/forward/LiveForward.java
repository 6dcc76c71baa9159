package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.Permit;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.Traffic;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.ScheduledFuture;

/**
 * One live request forwarded to a worker: connect (trying another instance when one refuses), stream the
 * body, map and stream the answer back, all bounded by the deployment's request timeout counted from the request's
 * arrival (a request that waited at the gateway has less left). Runs on one event loop, so its own state needs no
 * synchronisation. It owns two {@link Permit}s, its place in the deployment's in-flight limit and its count on the
 * instance it talks to, and gives each back once. {@link CallerBody} takes the caller's body to the worker; an
 * {@link AnswerRelay} takes the worker's answer to the caller and tells the forward how it ended.
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
    private WorkerChannel upstream;
    /** The answer on {@link #upstream}, set with it. */
    private AnswerRelay answer;
    private ScheduledFuture<?> timer;

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
        timer = context.workers().schedule(() -> onTimeout(deadline), deadline.remainingMillis(System.nanoTime()));
        call.request().response().closeHandler(this::onCallerGone);
        if (body.readWhole()) {
            CallerBody.readWhole(call, body, this::onWholeBody, this::onCallerBodyFailed);
        } else {
            connectFirst();
        }
    }

    /** A small body, read before connecting, goes with the head in one write, to whichever instance takes it. */
    private void onWholeBody(RequestBody whole) {
        if (phase != Phase.DONE) {
            body = whole;
            connectFirst();
        }
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
        context.workers().open(target, (worker, failure) -> {
            if (failure != null) {
                onConnectFailed(failure);
            } else {
                onConnected(worker);
            }
        });
    }

    private void onConnectFailed(Throwable cause) {
        releaseInstance();
        if (phase == Phase.DONE) {
            return;
        }
        if (!WorkerConnections.isRefused(cause)) {
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

    private void onConnected(WorkerChannel worker) {
        if (phase == Phase.DONE) {
            context.workers().giveBack(worker);
            return;
        }
        upstream = worker;
        answer = new AnswerRelay(call, route.name(), state.meters(Traffic.LIVE), worker, new RelayView());
        phase = Phase.WAITING;
        HttpRequest head = WorkerRequests.head(call.request(), instance, forwardUri, call.requestId());
        switch (body.shape()) {
            case NONE -> worker.send(WorkerRequests.bodiless(head), answer);
            case BUFFERED -> worker.send(WorkerRequests.whole(head, body.buffered()), answer);
            case SIZED, CHUNKED -> worker.send(head, CallerBody.stream(call, body, head, context.maxRequestBytes()),
                    answer, this::onBodyFailed);
        }
    }

    private void onBodyFailed(Throwable cause) {
        if (phase == Phase.DONE) {
            return;
        }
        if (cause instanceof SluiceException e) {
            // The caller's body was too large or malformed.
            fail(e.code(), e.getMessage());
        } else if (call.request().response().closed()) {
            onCallerGone();
        } else if (phase != Phase.RESPONDING) {
            fail(ErrorCode.INSTANCE_FAILED, "instance '" + instance.id() + "' of deployment '" + route.name()
                    + "' failed while receiving the request body");
        }
    }

    /** The forward as its answer's relay sees it: the phase, and the ways an answer ends the exchange. */
    private final class RelayView implements AnswerRelay.Forward {

        @Override
        public boolean over() {
            return phase == Phase.DONE;
        }

        @Override
        public void answering() {
            phase = Phase.RESPONDING;
        }

        @Override
        public void answered(int status) {
            finish(status);
        }

        @Override
        public void relayFailed(Throwable cause) {
            if (endedByCaller()) {
                return;
            }
            // The head is out; closing is the only way left to tell the caller the answer is incomplete.
            call.request().response().reset();
            resetUpstream();
            finish(GatewayStatus.of(ErrorCode.INSTANCE_FAILED));
        }

        @Override
        public void upstreamFailed(Throwable cause) {
            if (endedByCaller()) {
                return;
            }
            fail(ErrorCode.INSTANCE_FAILED, "instance '" + instance.id() + "' of deployment '" + route.name()
                    + "' closed the connection before answering");
        }
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
        timer = null;
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
        finish(GatewayStatus.CLIENT_CLOSED);
        resetUpstream();
    }

    /** Ends the exchange with the gateway's own answer (or a reset when the head is already out). */
    private void fail(ErrorCode code, String message) {
        if (phase == Phase.DONE) {
            return;
        }
        finish(GatewayStatus.of(code));
        resetUpstream();
        call.reply(code, message, route.name());
    }

    private void finish(int status) {
        phase = Phase.DONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        releaseInstance();
        admitted.release();
        state.meters(Traffic.LIVE).record(status, call.startNanos());
    }

    private void resetUpstream() {
        if (upstream != null) {
            upstream.reset(answer);
        }
    }

    private void releaseInstance() {
        if (instanceLoad != null) {
            instanceLoad.release();
        }
    }
}
