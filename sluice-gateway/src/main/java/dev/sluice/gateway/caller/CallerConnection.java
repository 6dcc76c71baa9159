package dev.sluice.gateway.caller;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's HTTP/1.1 connection to the gateway, on plain Netty: requests are answered one at a time in the order
 * they came (a pipelined request waits, with reading stopped, until the one before is answered and its body read),
 * each handed to the scoring path as a {@link CallerRequest}. The connection stays open while caller and answers
 * allow it, and closes after the answer in flight once the server shuts down. Used only on its event loop.
 */
public final class CallerConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(CallerConnection.class);
    /** Vert.x's default for its HTTP server, which the gateway used before. */
    static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_CHUNK = 8192;

    private final ContextInternal context;
    private final Handler<CallerRequest> onRequest;
    private final CallerResponseEncoder encoder;
    private final int maxHeaderBytes;
    /** What arrived while the request before it, or a paused body, could not take it. */
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private CallerRequest current;
    private boolean reading = true;
    private boolean delivering;
    private boolean shuttingDown;
    /** Set once the connection is to close: no further request is taken. */
    private boolean closing;

    private CallerConnection(ContextInternal context, CallerResponseEncoder encoder, int maxHeaderBytes,
                             Handler<CallerRequest> onRequest) {
        this.context = context;
        this.encoder = encoder;
        this.maxHeaderBytes = maxHeaderBytes;
        this.onRequest = onRequest;
    }

    /**
     * Puts an idle timer, the HTTP codec and a connection in {@code pipeline} before the handler named
     * {@code before}; requests reach {@code onRequest} on {@code context}, whose timers and futures the scoring path
     * uses.
     */
    public static CallerConnection install(ChannelPipeline pipeline, String before, ContextInternal context,
                                           CallerLimits limits, Handler<CallerRequest> onRequest) {
        CallerResponseEncoder encoder = new CallerResponseEncoder();
        CallerConnection connection = new CallerConnection(context, encoder, limits.maxHeaderBytes(), onRequest);
        // Reads only: an answer in flight is bounded by its request timeout, and watching writes too would cost
        // a promise and a listener per write.
        pipeline.addBefore(before, "caller-idle", new IdleStateHandler(limits.idleTimeout().toMillis(), 0, 0,
                TimeUnit.MILLISECONDS));
        pipeline.addBefore(before, "caller-decoder", new HttpRequestDecoder(MAX_INITIAL_LINE,
                limits.maxHeaderBytes(), MAX_CHUNK));
        pipeline.addBefore(before, "caller-encoder", encoder);
        pipeline.addBefore(before, "caller", connection);
        return connection;
    }

    /** The server is stopping: the answer in flight is the connection's last. */
    public void shutdown() {
        shuttingDown = true;
        if (current == null) {
            closeAfterWrites();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (closing || !(message instanceof HttpObject object)) {
            // What the decoder still had once the connection decided to close is for no one.
            ReferenceCountUtil.release(message);
            return;
        }
        waiting.add(object);
        deliverWaiting();
    }

    /**
     * Hands over what waits, in order, as far as the current request takes it; reads on only when none waits. Not
     * reentered: a request answered at once, while this hands it over, has the next one handed over by this same
     * loop rather than one call deeper, however many a caller pipelines.
     */
    private void deliverWaiting() {
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            HttpObject next;
            while ((next = waiting.peek()) != null && accepts(next)) {
                handOver(waiting.poll());
            }
        } finally {
            delivering = false;
        }
        boolean read = waiting.isEmpty() && ctx.channel().isActive();
        if (read != reading) {
            reading = read;
            ctx.channel().config().setAutoRead(read);
        }
    }

    private boolean accepts(HttpObject object) {
        if (object instanceof HttpRequest) {
            return current == null && !closing && !shuttingDown;
        }
        return current != null && current.takesBody();
    }

    private void handOver(HttpObject object) {
        if (object instanceof HttpRequest head && !begin(head)) {
            return;
        }
        if (object instanceof HttpContent content) {
            CallerRequest request = current;
            if (content.decoderResult().isFailure()) {
                // Netty's decoder reads nothing more after it either: whoever reads the body answers 400, and the
                // connection closes after the answer.
                Throwable cause = content.decoderResult().cause();
                content.release();
                request.onBodyFailed(SluiceException.of(ErrorCode.BAD_ARGUMENT, "the request body is malformed: "
                        + cause.getMessage()));
            } else {
                request.onContent(content);
                if (content instanceof LastHttpContent && current == request) {
                    request.onEnd();
                }
            }
            if (current == request && request.bodyOver() && request.response().ended()) {
                finishExchange();
            }
        }
    }

    /** Starts the exchange for {@code head}; false when it was refused, so nothing of it is read on. */
    private boolean begin(HttpRequest head) {
        encoder.answering(head.method());
        current = new CallerRequest(this, ctx, head);
        if (head.decoderResult().isFailure()) {
            // Netty's decoder reads nothing more after it: the refusal is the connection's last answer.
            ReferenceCountUtil.release(head);
            current.refuseMalformed(head.decoderResult().cause());
            return false;
        }
        // On the verticle's context, so that Vert.x timers and futures the scoring path starts stay on this loop.
        context.dispatch(current, onRequest);
        return true;
    }

    /** The answer to {@code request} has been written whole (it may still be on its way). */
    void answered(CallerRequest request) {
        if (request != current) {
            return;
        }
        if (request.bodyOver()) {
            finishExchange();
        } else {
            // The rest of the body is read (and dropped, unless someone still listens); the exchange ends with it.
            request.readRest();
        }
    }

    private void finishExchange() {
        CallerRequest done = current;
        current = null;
        if (!done.keepsConnection() || shuttingDown) {
            closeAfterWrites();
        } else {
            deliverWaiting();
        }
    }

    /** Closes once what was written has gone out: a plain close would drop an answer still being written. */
    private void closeAfterWrites() {
        closing = true;
        releaseWaiting();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseWaiting() {
        HttpObject dropped;
        while ((dropped = waiting.poll()) != null) {
            ReferenceCountUtil.release(dropped);
        }
    }

    /** A paused body may flow again. */
    void resumed(CallerRequest request) {
        if (request == current) {
            deliverWaiting();
        }
    }

    int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** Whether the connection is to close after the answer being written now. */
    boolean closesAfterAnswer() {
        return shuttingDown;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (current != null && context.channel().isWritable()) {
            current.response().onWritable();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        CallerRequest request = current;
        current = null;
        closing = true;
        releaseWaiting();
        if (request != null) {
            request.onClosed();
        }
        context.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            LOG.debug("closing caller connection {}: idle", context.channel().remoteAddress());
            context.close();
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // A reset or a TLS failure: the caller is gone, and the exchange ends through channelInactive.
        LOG.debug("caller connection {} failed", context.channel().remoteAddress(), cause);
        context.close();
    }
}
