package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.core.routing.MirrorSchedule;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.DeploymentStates;
import dev.sluice.gateway.balance.Permit;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.Traffic;
import io.netty.handler.codec.http.FullHttpRequest;
import io.vertx.core.buffer.Buffer;

/**
 * Sends copies of mirrored requests to the mirror deployment, fire-and-forget: the copy's answer is
 * discarded and nothing about it reaches the live request. At most the mirror queue capacity of copies are in
 * flight gateway-wide, and no more than the mirror deployment's in-flight limit; beyond either a copy is
 * dropped and counted.
 */
public final class Mirror {

    private final ForwardContext context;
    private final MirrorSlots slots;
    private final DeploymentStates states;

    public Mirror(ForwardContext context, MirrorSlots slots, DeploymentStates states) {
        this.context = context;
        this.slots = slots;
        this.states = states;
    }

    /** Sends a copy of {@code call}'s request, with its already-read {@code body}, to the endpoint's mirror. */
    public void copy(EndpointRoute endpoint, Call call, String forwardUri, Buffer body) {
        MirrorSchedule mirror = endpoint.mirror();
        DeploymentState state = states.get(endpoint.name(), mirror.deployment());
        Permit slot = slots.tryAcquire();
        if (slot == null) {
            state.mirrorDropped().increment();
            return;
        }
        long start = System.nanoTime();
        DeploymentRoute route = endpoint.deployment(mirror.deployment());
        InstanceRoute instance = route == null ? null : state.pick(route.readyInstances(), context.load());
        if (instance == null) {
            slot.release();
            state.meters(Traffic.MIRROR).record(GatewayStatus.of(ErrorCode.NO_READY_INSTANCE), start);
            return;
        }
        // Copies are real load on the mirror deployment: they count towards its in-flight limit, and are
        // dropped (not sent to be refused by a full worker) beyond it.
        Permit admitted = state.tryAdmit(route);
        if (admitted == null) {
            slot.release();
            state.mirrorDropped().increment();
            return;
        }
        FullHttpRequest copyRequest = WorkerRequests.whole(
                WorkerRequests.head(call.request(), instance, forwardUri, call.requestId()), body);
        MirrorCopy copy = new MirrorCopy(context, state, route, start, () -> {
            admitted.release();
            slot.release();
        });
        copy.send(instance, copyRequest);
    }
}
