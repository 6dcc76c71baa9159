package dev.sluice.gateway.forward;

import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.gateway.caller.CallerResponse;
import dev.sluice.gateway.metrics.RequestMeters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The worker's answer, as its connection reports it, relayed to the caller of a {@link LiveForward}: a small
 * answer of known length is buffered until it is complete, any other is relayed piece by piece, the worker read no
 * faster than the caller takes it. How the exchange ends is the forward's to decide: the relay tells it through
 * {@link Forward}. Used only on the forward's event loop.
 */
final class AnswerRelay implements WorkerAnswer {

    /** The forward an answer belongs to, as its relay sees it. */
    interface Forward {

        /** True once the forward is over: what the worker still reports is ignored. */
        boolean over();

        /** The worker has begun to answer. */
        void answering();

        /** The caller has the whole answer, with {@code status}. */
        void answered(int status);

        /** The answer broke off after its head reached the caller, or could not be written to the caller. */
        void relayFailed(Throwable cause);

        /** The worker's connection failed while nothing had reached the caller yet. */
        void upstreamFailed(Throwable cause);
    }

    private final Call call;
    private final String deployment;
    private final RequestMeters meters;
    private final WorkerChannel upstream;
    private final Forward forward;
    private int status;
    /** A whole answer's head and body, kept until the body is complete. */
    private HttpResponse wholeHead;
    private byte[] whole;
    private int filled;

    /**
     * @param deployment the name the caller's answer carries
     * @param meters     where the worker's queue wait is recorded
     * @param upstream   the connection the answer arrives on, paused while the caller cannot take more
     */
    AnswerRelay(Call call, String deployment, RequestMeters meters, WorkerChannel upstream, Forward forward) {
        this.call = call;
        this.deployment = deployment;
        this.meters = meters;
        this.upstream = upstream;
        this.forward = forward;
    }

    @Override
    public void onHead(HttpResponse head) {
        if (forward.over()) {
            return;
        }
        forward.answering();
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
        if (forward.over()) {
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
                forward.relayFailed(written.cause());
            }
        });
        if (out.writeQueueFull()) {
            upstream.pauseAnswer();
            out.drainHandler(upstream::resumeAnswer);
        }
    }

    @Override
    public void onEnd() {
        if (forward.over()) {
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
        forward.answered(status);
    }

    @Override
    public void onFailure(Throwable cause) {
        // A relayed head goes out with the first piece: until then nothing has reached the caller, and the
        // gateway's own answer can still take its place.
        if (call.request().response().headWritten()) {
            forward.relayFailed(cause);
        } else {
            forward.upstreamFailed(cause);
        }
    }

    /** Status and headers of the caller's answer; returns the status. */
    private int relayHead(HttpResponse response, CallerResponse out) {
        int relayed = ResponseMapping.apply(response, out);
        meters.recordQueueWait(response.headers().get(WorkerProtocol.QUEUE_WAIT_HEADER));
        call.identify(out.headers(), deployment);
        return relayed;
    }
}
