package dev.sluice.gateway.http;

import dev.sluice.core.error.ErrorBody;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.gateway.caller.CallerResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/** Writes the gateway's own answers: the {@link ErrorBody} of the code, with the status {@link GatewayStatus} gives. */
public final class ErrorReply {

    private static final String RETRY_AFTER_SECONDS = "1";
    private static final int MAX_REASON = 200;

    private ErrorReply() {
    }

    /**
     * RFC 6750's challenge with the reason, so that a client sees why without parsing the body:
     * {@code Bearer error="invalid_token", error_description="token rejected: expired"}.
     */
    static String challenge(String message) {
        StringBuilder reason = new StringBuilder(Math.min(message.length(), MAX_REASON));
        for (int i = 0; i < message.length() && reason.length() < MAX_REASON; i++) {
            char c = message.charAt(i);
            reason.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '\'');
        }
        return "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"";
    }

    /** Sets status, JSON content type and the headers the code calls for, and ends the response. */
    public static ChannelFuture send(CallerResponse response, ErrorCode code, String message) {
        response.setStatus(GatewayStatus.of(code));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        if (code == ErrorCode.TOO_MANY_REQUESTS || code == ErrorCode.NO_READY_INSTANCE) {
            headers.set(GatewayHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        } else if (code == ErrorCode.UNAUTHORIZED) {
            headers.set(GatewayHeaders.WWW_AUTHENTICATE, challenge(message));
        }
        return response.end(Unpooled.wrappedBuffer(ErrorBody.json(code, message, null)));
    }
}
