package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.Permit;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.Traffic;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.concurrent.ScheduledFuture;

/**
 * One background copy of a mirrored request. Counted with {@code mirrored="true"} and the status a live
 * request would have got (so blue and green compare side by side); bounded by the mirror deployment's
 * request timeout. Every failure ends here: nothing propagates to the live request.
 */
final class MirrorCopy implements WorkerAnswer {

    private final ForwardContext context;
    private final DeploymentState state;
    private final DeploymentRoute route;
    private final long startNanos;
    private final Runnable onDone;
    private Permit instanceLoad;
    private WorkerChannel upstream;
    private int status;
    private ScheduledFuture<?> timer;
    private boolean done;

    MirrorCopy(ForwardContext context, DeploymentState state, DeploymentRoute route, long startNanos,
               Runnable onDone) {
        this.context = context;
        this.state = state;
        this.route = route;
        this.startNanos = startNanos;
        this.onDone = onDone;
    }

    /** Sends {@code request}, a whole one (the body is already read), and drops the answer once it is read. */
    void send(InstanceRoute instance, FullHttpRequest request) {
        timer = context.workers().schedule(this::onTimeout, Math.max(1, route.requestTimeout().toMillis()));
        instanceLoad = context.load().acquire(instance);
        context.workers().open(instance, (worker, failure) -> {
            if (failure != null) {
                finish(statusOf(WorkerConnections.isRefused(failure)
                        ? ErrorCode.NO_READY_INSTANCE : ErrorCode.INSTANCE_FAILED));
            } else if (done) {
                context.workers().giveBack(worker);
            } else {
                upstream = worker;
                worker.send(request, this);
            }
        });
    }

    @Override
    public void onHead(HttpResponse head) {
        status = ResponseMapping.statusFor(head);
        state.meters(Traffic.MIRROR).recordQueueWait(head.headers().get(WorkerProtocol.QUEUE_WAIT_HEADER));
    }

    @Override
    public void onContent(ByteBuf piece) {
        // Read to the end and dropped: that returns the connection to the pool.
    }

    @Override
    public void onEnd() {
        finish(status);
    }

    @Override
    public void onFailure(Throwable cause) {
        finish(statusOf(ErrorCode.INSTANCE_FAILED));
    }

    private void onTimeout() {
        timer = null;
        if (done) {
            return;
        }
        finish(statusOf(ErrorCode.REQUEST_TIMEOUT));
        if (upstream != null) {
            upstream.reset(this);
        }
    }

    private void finish(int status) {
        if (done) {
            return;
        }
        done = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        instanceLoad.release();
        onDone.run();
        state.meters(Traffic.MIRROR).record(status, startNanos);
    }

    private static int statusOf(ErrorCode code) {
        return GatewayStatus.of(code);
    }
}
