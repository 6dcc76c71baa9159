package dev.sluice.gateway.forward;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
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
    private boolean interim;
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

    void markIdle(long nanoTime) {
        idleSince = nanoTime;
    }

    boolean isOpen() {
        return ctx.channel().isActive();
    }

    /** Sends a whole request, head and body (which may be empty) in one write. */
    void send(FullHttpRequest request, WorkerAnswer to) {
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
            drainCallerBody();
        }
    }

    /**
     * A caller's body paused for this connection is let go once the exchange is over, so the rest of it is read
     * and dropped (the pieces handler ignores it) and the caller's connection carries on.
     */
    private void drainCallerBody() {
        Runnable paused = onWritable;
        onWritable = null;
        if (paused != null) {
            paused.run();
        }
    }

    void close() {
        ctx.close();
    }

    private void begin(WorkerAnswer to) {
        answer = to;
        requestSent = false;
        keepAlive = true;
        interim = false;
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
            if (message instanceof HttpResponse head && isInterim(head)) {
                // 1xx before the answer (103 Early Hints, 102 Processing): dropped with its empty end.
                interim = true;
                return;
            }
            if (message instanceof LastHttpContent && interim) {
                interim = false;
                return;
            }
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

    private static boolean isInterim(HttpResponse head) {
        int code = head.status().code();
        return code >= 100 && code < 200 && code != 101;
    }

    /**
     * Back to the pool, reading, when the exchange is over on both sides and the worker keeps the connection;
     * closed when the worker answered before the whole request was sent, as the rest of it would be read as the
     * next request.
     */
    private void release() {
        if (requestSent && keepAlive) {
            ctx.channel().config().setAutoRead(true);
            pool.giveBack(this);
        } else {
            ctx.close();
        }
        drainCallerBody();
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
        drainCallerBody();
        if (to != null) {
            to.onFailure(cause);
        }
    }
}
