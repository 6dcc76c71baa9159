package dev.sluice.worker.http;

import dev.sluice.scoring.ScoringRequest;
import dev.sluice.worker.admission.AdmissionControl.Release;
import dev.sluice.worker.admission.AdmissionControl.Slot;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request on its way through the worker to the runner and back: who asked, since when, the scoring slot it
 * holds, and whether it has been answered yet. Exactly one answer wins ({@link #claim}): the runner's result, a
 * timeout, or an admission refusal. The exchange owns its slot and gives it back once, however many paths end it.
 * Timer ids are touched only on the request's event-loop context; the scoring thread is guarded by this object.
 */
final class ScoringExchange {

    private static final byte[] NO_BODY = new byte[0];

    final HttpServerRequest request;
    final Context context;
    final String requestId;
    final long startNanos;
    private final AtomicBoolean answered = new AtomicBoolean();
    private byte[] body = NO_BODY;
    /** The body so far: the first chunk as Vert.x gave it, a buffer of our own once a second one came. */
    private Buffer received;
    private boolean receivedIsOwn;
    long requestTimer = -1;
    long queueTimer = -1;
    boolean dispatched;
    /** When admission control saw the request (System.nanoTime). */
    long dispatchedNanos;
    /** How long it waited for a scoring slot; -1 until it got one or gave up. */
    long queueWaitNanos = -1;
    private Thread scoringThread;
    private volatile Slot<ScoringExchange> slot;
    private CompletionStage<?> pending;

    ScoringExchange(HttpServerRequest request, Context context, String requestId, long startNanos) {
        this.request = request;
        this.context = context;
        this.requestId = requestId;
        this.startNanos = startNanos;
    }

    /**
     * Keeps a chunk of the body. A body that comes in one chunk (most do) is kept as Vert.x gave it, and becomes
     * the request's bytes without a copy; only a body of several chunks is gathered into a buffer of our own.
     */
    void receive(Buffer chunk) {
        if (received == null) {
            received = chunk;
            return;
        }
        if (!receivedIsOwn) {
            Buffer own = Buffer.buffer(2 * (received.length() + chunk.length()));
            own.appendBuffer(received);
            received = own;
            receivedIsOwn = true;
        }
        received.appendBuffer(chunk);
    }

    long receivedBytes() {
        return received == null ? 0 : received.length();
    }

    /** The body is all there. */
    void bodyComplete() {
        body = received == null ? NO_BODY : bytes(received);
        received = null;
    }

    /**
     * The content of a buffer, without a copy when it is exactly one heap array (as Vert.x hands over each chunk
     * of a request, in a fresh buffer of its own); a copy otherwise.
     */
    static byte[] bytes(Buffer buffer) {
        if (buffer instanceof BufferInternal internal) {
            ByteBuf content = internal.getByteBuf();
            if (content.hasArray() && content.arrayOffset() == 0 && content.readerIndex() == 0
                    && content.readableBytes() == content.array().length) {
                return content.array();
            }
        }
        return buffer.getBytes();
    }

    /** The scoring slot admission control gave this request (at once, or when one was handed over). */
    void hold(Slot<ScoringExchange> taken) {
        slot = taken;
    }

    /** Gives the slot back; nothing after the first time, or when the request never held one. */
    Release<ScoringExchange> releaseSlot(long nowNanos) {
        Slot<ScoringExchange> held = slot;
        return held == null ? Release.none() : held.release(nowNanos);
    }

    /** True for the one caller that may answer; false for everyone after. */
    boolean claim() {
        return answered.compareAndSet(false, true);
    }

    boolean answered() {
        return answered.get();
    }

    /** The request got a slot, or gave up waiting for one. */
    void leftQueue(long nowNanos) {
        queueWaitNanos = nowNanos - dispatchedNanos;
    }

    long elapsedMillis(long nowNanos) {
        return TimeUnit.NANOSECONDS.toMillis(nowNanos - startNanos);
    }

    synchronized void runningOn(Thread thread) {
        scoringThread = thread;
    }

    /** Called by the scoring thread when the runner returned; clears an interrupt that arrived too late. */
    void doneRunning() {
        synchronized (this) {
            scoringThread = null;
        }
        Thread.interrupted();
    }

    /** The runner's answer to come, once the runner has taken the request. */
    synchronized void pending(CompletionStage<?> answer) {
        pending = answer;
    }

    /**
     * Asks the runner to give up (a timed-out request): interruptible scoring code stops early, and a request
     * that waits inside the runner (for a batch) is withdrawn.
     */
    synchronized void cancelRunner() {
        if (scoringThread != null) {
            scoringThread.interrupt();
        }
        if (pending != null) {
            pending.toCompletableFuture().cancel(false);
        }
    }

    ScoringRequest toScoringRequest() {
        return new ScoringRequest(request.method().name(), request.path(), ScoringMaps.query(request),
                ScoringMaps.headers(request.headers()), body);
    }
}
