package dev.sluice.gateway.forward;

import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.gateway.caller.CallerRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/** The requests the gateway sends a worker for a caller's request: its headers as they cross, and its body. */
final class WorkerRequests {

    /** Names and values come from a request Netty has already parsed and checked. */
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);

    private WorkerRequests() {
    }

    /** The head of the request to {@code instance} for the caller's {@code request}, tagged with its id. */
    static HttpRequest head(CallerRequest request, InstanceRoute instance, String uri, String requestId) {
        HttpHeaders headers = HEADERS.newHeaders();
        ForwardHeaders.toWorker(request.headers(), headers, requestId);
        headers.set(HttpHeaderNames.HOST, instance.host() + ":" + instance.port());
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), uri,
                headers);
    }

    /** {@code head} as a whole request without a body. */
    static FullHttpRequest bodiless(HttpRequest head) {
        return withContent(head, Unpooled.EMPTY_BUFFER);
    }

    /**
     * {@code head} with the whole body, sent in one write. The body is not copied, and stays whole for another
     * send (a retry, a mirror copy): Vert.x hands out a view of its own with its own read position.
     */
    static FullHttpRequest whole(HttpRequest head, Buffer body) {
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        return withContent(head, ((BufferInternal) body).getByteBuf());
    }

    /** No trailers: the shared empty set, which the encoder only reads. */
    private static FullHttpRequest withContent(HttpRequest head, ByteBuf content) {
        return new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(), content, head.headers(),
                EmptyHttpHeaders.INSTANCE);
    }
}
