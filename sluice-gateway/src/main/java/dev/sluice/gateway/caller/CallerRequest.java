package dev.sluice.gateway.caller;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;

/**
 * One request of a caller, as the scoring path sees it: its head, its body as a stream of pieces that can be paused
 * (reading from the caller stops while a paused piece waits), and its {@link CallerResponse}. Used only on its
 * connection's event loop.
 */
public final class CallerRequest implements ReadStream<Buffer> {

    private static final int MAX_REASON = 200;

    private final CallerConnection connection;
    private final ChannelHandlerContext ctx;
    private final HttpRequest head;
    private final CallerResponse response;
    private final int queryStart;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean paused;
    private boolean readingRest;
    private boolean ended;
    private boolean failed;

    CallerRequest(CallerConnection connection, ChannelHandlerContext ctx, HttpRequest head) {
        this.connection = connection;
        this.ctx = ctx;
        this.head = head;
        this.queryStart = head.uri().indexOf('?');
        this.response = new CallerResponse(connection, ctx, this);
    }

    public HttpMethod method() {
        return head.method();
    }

    public HttpVersion version() {
        return head.protocolVersion();
    }

    /** The request target as sent: origin form ({@code /path?query}) or, rarely, absolute form. */
    public String uri() {
        return head.uri();
    }

    /** The path of {@link #uri()} (of an absolute-form target too), without the query. */
    public String path() {
        String uri = head.uri();
        int end = queryStart < 0 ? uri.length() : queryStart;
        int start = uri.startsWith("/") ? 0 : absolutePathStart(uri, end);
        return start < 0 ? "/" : uri.substring(start, end);
    }

    /** The query of {@link #uri()} without its {@code ?}, or null when there is none. */
    public String query() {
        return queryStart < 0 ? null : head.uri().substring(queryStart + 1);
    }

    /** The request's head as Netty decoded it. */
    public HttpRequest head() {
        return head;
    }

    public HttpHeaders headers() {
        return head.headers();
    }

    public String getHeader(CharSequence name) {
        return head.headers().get(name);
    }

    /**
     * The host the caller addressed, without a port: from an absolute-form target, else from {@code Host}; null
     * when neither names one.
     */
    public String authorityHost() {
        String uri = head.uri();
        String authority;
        int scheme = uri.startsWith("/") ? -1 : uri.indexOf("://");
        if (scheme > 0) {
            int start = scheme + 3;
            int end = start;
            while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
                end++;
            }
            authority = uri.substring(start, end);
        } else {
            authority = head.headers().get(HttpHeaderNames.HOST);
        }
        return authority == null || authority.isEmpty() ? null : withoutPort(authority);
    }

    /** The caller's IP address as text, or null when the connection has none (a Unix socket). */
    public String remoteHost() {
        SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : null;
    }

    /** The loop this request lives on, for its timers. */
    public EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    public CallerResponse response() {
        return response;
    }

    /** True once the whole body has arrived. */
    public boolean isEnded() {
        return ended;
    }

    /** Closes the caller's connection now. */
    public void close() {
        ctx.close();
    }

    @Override
    public CallerRequest handler(Handler<Buffer> pieces) {
        handler = pieces;
        return this;
    }

    @Override
    public CallerRequest endHandler(Handler<Void> end) {
        endHandler = end;
        return this;
    }

    @Override
    public CallerRequest exceptionHandler(Handler<Throwable> failure) {
        exceptionHandler = failure;
        return this;
    }

    @Override
    public CallerRequest pause() {
        if (!readingRest) {
            paused = true;
        }
        return this;
    }

    @Override
    public CallerRequest resume() {
        if (paused) {
            paused = false;
            connection.resumed(this);
        }
        return this;
    }

    @Override
    public CallerRequest fetch(long amount) {
        return amount > 0 ? resume() : this;
    }

    boolean takesBody() {
        return !paused;
    }

    /** The whole body has arrived, or no more of it can: the request side of the exchange is over. */
    boolean bodyOver() {
        return ended || failed;
    }

    /** Whether the connection stays open after this exchange; known once the answer's head is out. */
    boolean keepsConnection() {
        return keepAliveAsked() && !response.closesConnection();
    }

    /** The caller asked to keep the connection (HTTP/1.1 by default) and its request was read without a fault. */
    boolean keepAliveAsked() {
        return !failed && HttpUtil.isKeepAlive(head);
    }

    /** The answer is out: what is left of the body is read (by whoever still listens) and not held up. */
    void readRest() {
        readingRest = true;
        resume();
    }

    void onContent(HttpContent content) {
        try {
            ByteBuf bytes = content.content();
            Handler<Buffer> to = handler;
            if (to != null && bytes.isReadable()) {
                // A copy on the heap: pieces outlive the read buffer they were decoded from.
                to.handle(BufferInternal.buffer(Unpooled.copiedBuffer(bytes)));
            }
        } finally {
            content.release();
        }
    }

    void onEnd() {
        ended = true;
        Handler<Void> end = endHandler;
        if (end != null) {
            end.handle(null);
        }
    }

    void onBodyFailed(Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        Handler<Throwable> to = exceptionHandler;
        if (to != null) {
            to.handle(cause);
        }
    }

    void onClosed() {
        if (!ended) {
            onBodyFailed(new ClosedChannelException());
        }
        response.onClosed();
    }

    /** Answers a request Netty could not parse, and closes the connection after. */
    void refuseMalformed(Throwable cause) {
        failed = true;
        HttpResponseStatus status;
        String message;
        if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            message = "request headers are too large (expected: at most " + connection.maxHeaderBytes()
                    + " bytes)";
        } else if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            message = "request line is too long (expected: at most " + CallerConnection.MAX_INITIAL_LINE
                    + " bytes)";
        } else if (cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.BAD_REQUEST;
            message = "request is too large";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            String why = String.valueOf(cause.getMessage());
            message = "malformed HTTP request: " + (why.length() <= MAX_REASON ? why : why.substring(0, MAX_REASON));
        }
        response.refuse(status, message);
    }

    private static int absolutePathStart(String uri, int end) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return -1;
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 || slash > end ? -1 : slash;
    }

    private static String withoutPort(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority : authority.substring(0, close + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }
}
