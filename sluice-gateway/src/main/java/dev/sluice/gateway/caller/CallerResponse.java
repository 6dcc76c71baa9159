package dev.sluice.gateway.caller;

import dev.sluice.core.error.ErrorBody;
import dev.sluice.core.error.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The answer to one {@link CallerRequest}: status and headers, then the body whole or in pieces. The head goes out
 * with the first piece, or with the whole body in one write. Used only on the connection's event loop.
 */
public final class CallerResponse {

    /** Names and values come from the gateway or from a worker answer Netty has parsed and checked. */
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);

    private final CallerConnection connection;
    private final ChannelHandlerContext ctx;
    private final CallerRequest request;
    private final HttpHeaders headers = HEADERS.newHeaders();
    private HttpResponseStatus status = HttpResponseStatus.OK;
    /** The caller's own, so an HTTP/1.0 client is not sent what only HTTP/1.1 defines; HTTP/1.1 for a refusal. */
    private HttpVersion version;
    private boolean headWritten;
    private boolean ended;
    private boolean closing;
    private Runnable drainHandler;
    private Runnable closeHandler;

    CallerResponse(CallerConnection connection, ChannelHandlerContext ctx, CallerRequest request) {
        this.connection = connection;
        this.ctx = ctx;
        this.request = request;
        this.version = request.version();
    }

    public HttpHeaders headers() {
        return headers;
    }

    public void setStatus(int code) {
        status = HttpResponseStatus.valueOf(code);
    }

    /** The status with the worker's own reason phrase. */
    public void setStatus(int code, String reason) {
        status = reason == null || reason.isEmpty() ? HttpResponseStatus.valueOf(code)
                : new HttpResponseStatus(code, reason);
    }

    /** An answer of unknown length: chunked, or to an HTTP/1.0 caller, ended by closing the connection. */
    public void setChunked() {
        if (request.version().equals(HttpVersion.HTTP_1_0)) {
            closing = true;
        } else {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }

    public boolean headWritten() {
        return headWritten;
    }

    public boolean ended() {
        return ended;
    }

    /** True once the caller's connection is gone. */
    public boolean closed() {
        return !ctx.channel().isActive();
    }

    /** The interim {@code 100 Continue} a caller that sent {@code Expect: 100-continue} waits for. */
    public void writeContinue() {
        // Headers of its own: the encoder strips framing headers from interim answers.
        ctx.writeAndFlush(new DefaultFullHttpResponse(version, HttpResponseStatus.CONTINUE,
                Unpooled.EMPTY_BUFFER, HEADERS.newHeaders(), EmptyHttpHeaders.INSTANCE), ctx.voidPromise());
    }

    /** Writes a piece of the body (the head first, with the first one); the piece is released once written. */
    public ChannelFuture write(ByteBuf piece) {
        writeHeadIfNeeded();
        return ctx.writeAndFlush(new DefaultHttpContent(piece));
    }

    /** Ends an answer whose head is out, or writes a whole one, head and {@code body}, in one write. */
    public ChannelFuture end(ByteBuf body) {
        ended = true;
        ChannelFuture written;
        if (headWritten) {
            written = ctx.writeAndFlush(body.isReadable() ? new DefaultLastHttpContent(body)
                    : LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING) && mayHaveLength()) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            }
            prepareHead();
            written = ctx.writeAndFlush(new DefaultFullHttpResponse(version, status, body, headers,
                    EmptyHttpHeaders.INSTANCE));
        }
        connection.answered(request);
        return written;
    }

    public ChannelFuture end() {
        return end(Unpooled.EMPTY_BUFFER);
    }

    /** True while the caller's connection cannot take more now; {@link #drainHandler} hears when it can. */
    public boolean writeQueueFull() {
        return !ctx.channel().isWritable();
    }

    public void drainHandler(Runnable onDrained) {
        drainHandler = onDrained;
    }

    /** Runs when the caller's connection closes before this answer has ended. */
    public void closeHandler(Runnable onClosed) {
        closeHandler = onClosed;
    }

    /** Abandons the answer: the connection closes, which is all HTTP/1.1 has to say an answer is cut. */
    public void reset() {
        ctx.close();
    }

    boolean closesConnection() {
        return closing;
    }

    void onWritable() {
        Runnable drained = drainHandler;
        if (drained != null) {
            drainHandler = null;
            drained.run();
        }
    }

    void onClosed() {
        Runnable closed = closeHandler;
        closeHandler = null;
        if (closed != null && !ended) {
            closed.run();
        }
    }

    /** The gateway's refusal of a request it could not parse; the connection closes after it. */
    void refuse(HttpResponseStatus refusal, String message) {
        status = refusal;
        // Netty makes an unparsable request line an HTTP/1.0 request, whatever the caller spoke: answer in the
        // gateway's own version (RFC 9110 §6.2), as for every refusal.
        version = HttpVersion.HTTP_1_1;
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // The request counts as failed, so the connection closes once this is out.
        end(Unpooled.wrappedBuffer(ErrorBody.json(ErrorCode.BAD_ARGUMENT, message, null)));
    }

    private void writeHeadIfNeeded() {
        if (!headWritten) {
            prepareHead();
            ctx.write(new DefaultHttpResponse(version, status, headers), ctx.voidPromise());
        }
    }

    /** Decides whether the connection stays open after this answer, and says so in the head. */
    private void prepareHead() {
        headWritten = true;
        closing |= connection.closesAfterAnswer() || !request.keepAliveAsked()
                || headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        if (closing) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.version().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Content-Length is not sent with interim, 204 and 304 answers, nor for an answer to HEAD. */
    private boolean mayHaveLength() {
        int code = status.code();
        return code >= 200 && code != 204 && code != 304 && !HttpMethod.HEAD.equals(request.method());
    }
}
