package dev.sluice.gateway.forward;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import java.nio.channels.ClosedChannelException;

/**
 * One keep-alive HTTP/1.1 connection to a worker and the exchange on it, at most one at a time. The connection
 * goes back to its {@link WorkerConnections} once the request has been sent and the answer read to its end, and
 * is closed instead when the worker does not keep it alive, answers before the whole request is sent, or the
 * exchange is {@linkplain #reset(WorkerAnswer) reset}. Used only on its event loop.
 */
final class WorkerChannel extends ChannelInboundHandlerAdapter {

    private final WorkerConnections pool;
    private final String key;
    private ChannelHandlerContext ctx;
    private WorkerAnswer answer;
    private boolean requestSent;
    private boolean keepAlive;
    private Runnable onWritable;
    private long idleSince;

    WorkerChannel(WorkerConnections pool, String key) {
        this.pool = pool;
        this.key = key;
    }

    String key() {
        return key;
    }

    long idleSince() {
        return idleSince;
    }

    boolean isOpen() {
        return ctx.channel().isActive();
    }

    /** Sends a whole request: a {@link io.netty.handler.codec.http.FullHttpRequest}, or a head without body. */
    void send(HttpRequest request, WorkerAnswer to) {
        begin(to);
        requestSent = true;
        ctx.writeAndFlush(request, ctx.voidPromise());
    }

    /**
     * Sends {@code head}, then the body as it arrives from {@code pieces}, no faster than the connection takes
     * it. A body that fails is never ended: {@code onFailed} hears of it and the exchange is to be reset, so the
     * worker cannot take a truncated body for a whole one. Pieces that arrive after the exchange is over are
     * dropped.
     */
    void send(HttpRequest head, ReadStream<Buffer> pieces, WorkerAnswer to, Handler<Throwable> onFailed) {
        begin(to);
        ctx.write(head, ctx.voidPromise());
        pieces.handler(piece -> {
            if (answer != to) {
                return;
            }
            ctx.writeAndFlush(new DefaultHttpContent(((BufferInternal) piece).getByteBuf()), ctx.voidPromise());
            if (!ctx.channel().isWritable()) {
                pieces.pause();
                onWritable = pieces::resume;
            }
        });
        pieces.exceptionHandler(onFailed);
        pieces.endHandler(v -> {
            if (answer == to && !requestSent) {
                requestSent = true;
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
            }
        });
        pieces.resume();
    }

    /** Stops (and {@link #resumeAnswer} restarts) reading the answer, while the caller cannot take more. */
    void pauseAnswer() {
        ctx.channel().config().setAutoRead(false);
    }

    void resumeAnswer() {
        ctx.channel().config().setAutoRead(true);
    }

    /** Abandons {@code owner}'s exchange, if it is still on this connection: the connection is closed. */
    void reset(WorkerAnswer owner) {
        if (owner != null && answer == owner) {
            answer = null;
            ctx.close();
        }
    }

    void close() {
        ctx.close();
    }

    private void begin(WorkerAnswer to) {
        answer = to;
        requestSent = false;
        keepAlive = true;
        onWritable = null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        try {
            if (message instanceof HttpObject object && object.decoderResult().isFailure()) {
                fail(object.decoderResult().cause());
                return;
            }
            WorkerAnswer to = answer;
            if (message instanceof HttpResponse head) {
                keepAlive = HttpUtil.isKeepAlive(head);
                if (to != null) {
                    to.onHead(head);
                }
            }
            if (message instanceof HttpContent content && to != null && answer == to) {
                if (content.content().isReadable()) {
                    to.onContent(content.content());
                }
                if (message instanceof LastHttpContent && answer == to) {
                    answer = null;
                    release();
                    to.onEnd();
                }
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    /**
     * Back to the pool when the exchange is over on both sides and the worker keeps the connection; closed when
     * the worker answered before the whole request was sent, as the rest of it would be read as the next request.
     */
    private void release() {
        if (requestSent && keepAlive) {
            idleSince = System.nanoTime();
            pool.giveBack(this);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        Runnable action = onWritable;
        if (action != null && context.channel().isWritable()) {
            onWritable = null;
            action.run();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        pool.forget(this);
        fail(new ClosedChannelException());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        fail(cause);
    }

    private void fail(Throwable cause) {
        WorkerAnswer to = answer;
        answer = null;
        ctx.close();
        if (to != null) {
            to.onFailure(cause);
        }
    }
}
