package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.Permit;
import dev.sluice.gateway.caller.CallerRequest;
import dev.sluice.gateway.caller.CallerResponse;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.Traffic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.ScheduledFuture;

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
    /** A small body as it arrives, until it is whole. */
    private Buffer arriving;
    private Phase phase = Phase.CONNECTING;
    private InstanceRoute instance;
    private Permit instanceLoad;
    private WorkerChannel upstream;
    private final Answer answer = new Answer();
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
        CallerRequest source = call.request();
        if (call.expectsContinue()) {
            source.response().writeContinue();
        }
        source.handler(this::onSmallBodyPiece);
        source.exceptionHandler(this::onCallerBodyFailed);
        source.endHandler(v -> {
            if (phase != Phase.DONE) {
                body = RequestBody.buffered(arriving != null ? arriving : Buffer.buffer());
                connectFirst();
            }
        });
        source.resume();
    }

    /** A body that arrives in one piece is kept as it is, one copy fewer; one in several pieces is gathered. */
    private void onSmallBodyPiece(Buffer piece) {
        if (arriving == null) {
            arriving = piece.length() == body.length() ? piece : Buffer.buffer((int) body.length()).appendBuffer(piece);
        } else {
            arriving.appendBuffer(piece);
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
        phase = Phase.WAITING;
        HttpRequest head = WorkerRequests.head(call.request(), instance, forwardUri, call.requestId());
        switch (body.shape()) {
            case NONE -> worker.send(WorkerRequests.bodiless(head), answer);
            case BUFFERED -> worker.send(WorkerRequests.whole(head, body.buffered()), answer);
            case SIZED, CHUNKED -> streamBody(worker, head);
        }
    }

    /** A large or chunked body goes on as it arrives. */
    private void streamBody(WorkerChannel worker, HttpRequest head) {
        CallerRequest source = call.request();
        if (call.expectsContinue()) {
            source.response().writeContinue();
        }
        ReadStream<Buffer> pieces = source;
        if (body.shape() == BodyShape.CHUNKED) {
            HttpUtil.setTransferEncodingChunked(head, true);
            pieces = new BoundedBody(source, context.maxRequestBytes());
        }
        worker.send(head, pieces, answer, this::onBodyFailed);
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

    /** The worker's answer, as its connection reports it. */
    private final class Answer implements WorkerAnswer {
        private int status;
        private HttpResponse wholeHead;
        private byte[] whole;
        private int filled;

        @Override
        public void onHead(HttpResponse head) {
            if (phase == Phase.DONE) {
                return;
            }
            phase = Phase.RESPONDING;
            HttpMethod method = call.request().method();
            int wholeLength = ResponseMapping.wholeLength(head, method);
            if (wholeLength >= 0) {
                // Nothing reaches the caller before the whole answer is here, so a failure on the way is a clean
                // error; the head is kept until then.
                whole = new byte[wholeLength];
                wholeHead = head;
                return;
            }
            CallerResponse out = call.request().response();
            status = relayHead(head, out);
            if (!out.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && ResponseMapping.hasBody(status, method)) {
                out.setChunked();
            }
        }

        @Override
        public void onContent(ByteBuf piece) {
            if (phase == Phase.DONE) {
                return;
            }
            if (whole != null) {
                int length = Math.min(piece.readableBytes(), whole.length - filled);
                piece.readBytes(whole, filled, length);
                filled += length;
                return;
            }
            CallerResponse out = call.request().response();
            // The worker's piece itself, kept until it is written: its connection releases its own hold after this.
            out.write(piece.retain()).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    onRelayFailed(written.cause());
                }
            });
            if (out.writeQueueFull()) {
                upstream.pauseAnswer();
                out.drainHandler(upstream::resumeAnswer);
            }
        }

        @Override
        public void onEnd() {
            if (phase == Phase.DONE) {
                return;
            }
            CallerResponse out = call.request().response();
            if (whole != null) {
                status = relayHead(wholeHead, out);
                out.end(Unpooled.wrappedBuffer(whole));
            } else {
                out.drainHandler(null);
                out.end();
            }
            finish(status);
        }

        @Override
        public void onFailure(Throwable cause) {
            // Only a streamed answer has its head out already; a whole one is still the gateway's to replace.
            if (phase == Phase.RESPONDING && whole == null) {
                onRelayFailed(cause);
            } else {
                onUpstreamFailed(cause);
            }
        }
    }

    /** Status and headers of the caller's answer; returns the status. */
    private int relayHead(HttpResponse response, CallerResponse out) {
        int status = ResponseMapping.apply(response, out);
        state.meters(Traffic.LIVE).recordQueueWait(response.headers().get(WorkerProtocol.QUEUE_WAIT_HEADER));
        call.identify(out.headers(), route.name());
        return status;
    }

    private void onRelayFailed(Throwable cause) {
        if (endedByCaller()) {
            return;
        }
        // The head is out; closing is the only way left to tell the caller the answer is incomplete.
        call.request().response().reset();
        resetUpstream();
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
