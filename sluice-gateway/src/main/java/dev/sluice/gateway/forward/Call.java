package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.request.RequestIds;
import dev.sluice.gateway.caller.CallerRequest;
import dev.sluice.gateway.caller.CallerResponse;
import dev.sluice.gateway.http.ErrorReply;
import dev.sluice.gateway.http.GatewayHeaders;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.gateway.metrics.RequestMeters;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Duration;

/** One caller's request as the gateway sees it: when it arrived, its request id, and how to answer it. */
public final class Call {

    /** Unread bodies up to this size are read and discarded to keep the connection; larger ones close it. */
    private static final long CHEAP_DRAIN_BYTES = 64 * 1024;

    private final CallerRequest request;
    private final long startNanos;
    private final String requestId;
    private boolean bodyHeld;

    private Call(CallerRequest request, long startNanos, String requestId) {
        this.request = request;
        this.startNanos = startNanos;
        this.requestId = requestId;
    }

    /** Starts the clock; takes the caller's {@code x-request-id} or makes a new one. */
    public static Call start(CallerRequest request) {
        long start = System.nanoTime();
        String id = request.getHeader(GatewayHeaders.REQUEST_ID);
        return new Call(request, start, id == null || id.isEmpty() ? RequestIds.next() : id);
    }

    public CallerRequest request() {
        return request;
    }

    public long startNanos() {
        return startNanos;
    }

    /** When this request's {@code timeout}, counted from its arrival, runs out. */
    public Deadline deadline(Duration timeout) {
        return Deadline.after(startNanos, timeout);
    }

    public String requestId() {
        return requestId;
    }

    /** Stops reading the body until it is piped to a worker, so a retry can still send it whole. */
    public void holdBody() {
        request.pause();
        bodyHeld = true;
    }

    /** An HTTP/1.1 caller waiting for {@code 100 Continue} (HTTP/1.0 has none: RFC 9110 §10.1.1). */
    public boolean expectsContinue() {
        return HttpUtil.is100ContinueExpected(request.head());
    }

    /** Sets the headers every answer carries; {@code deployment} may be null when none was chosen. */
    public void identify(HttpHeaders headers, String deployment) {
        headers.set(GatewayHeaders.REQUEST_ID, requestId);
        String clientRequestId = request.getHeader(GatewayHeaders.CLIENT_REQUEST_ID);
        if (clientRequestId != null) {
            headers.set(GatewayHeaders.CLIENT_REQUEST_ID, clientRequestId);
        }
        if (deployment != null) {
            headers.set(GatewayHeaders.DEPLOYMENT, deployment);
        }
    }

    /** Answers with the error and counts it. */
    public void reject(RequestMeters meters, String deployment, SluiceException error) {
        reject(meters, deployment, error.code(), error.getMessage());
    }

    public void reject(RequestMeters meters, String deployment, ErrorCode code, String message) {
        reply(code, message, deployment);
        meters.record(GatewayStatus.of(code), startNanos);
    }

    /**
     * Answers with the error (uncounted). When the head is already out, or the rest of the body would be
     * costly or impossible to skip, the connection is closed instead of kept.
     */
    public void reply(ErrorCode code, String message, String deployment) {
        CallerResponse response = request.response();
        if (response.headWritten() || response.closed()) {
            response.reset();
            return;
        }
        // A worker's head relayed but not yet out is replaced whole: its framing and encoding do not describe ours.
        response.headers().clear();
        identify(response.headers(), deployment);
        boolean close = !request.isEnded() && (bodyHeld || expectsContinue() || !cheapToDrain());
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ErrorReply.send(response, code, message).addListener((ChannelFutureListener) done -> {
            if (close) {
                closeAfterBody();
            }
        });
    }

    /** A body already handed to a worker is not ours to read: that connection closes at once. */
    private void closeAfterBody() {
        if (bodyHeld || request.isEnded()) {
            request.close();
        } else {
            LingeringClose.after(request);
        }
    }

    private boolean cheapToDrain() {
        String declared = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (declared == null) {
            return !request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
        }
        try {
            return Long.parseLong(declared.trim()) <= CHEAP_DRAIN_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
