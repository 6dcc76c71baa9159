package dev.sluice.gateway.forward;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.gateway.caller.CallerRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.buffer.Buffer;

/**
 * A request's body as the gateway forwards it.
 *
 * @param length   the declared length for {@link BodyShape#SIZED}, the size for {@link BodyShape#BUFFERED},
 *                 else -1
 * @param buffered the whole body for {@link BodyShape#BUFFERED}, else null
 */
public record RequestBody(BodyShape shape, long length, Buffer buffered) {

    /** Bodies up to this size (both ways) are read whole before they are sent on, in one write. */
    private static final long SMALL_BYTES = 64 * 1024;
    private static final RequestBody NONE = new RequestBody(BodyShape.NONE, -1, null);
    private static final RequestBody CHUNKED = new RequestBody(BodyShape.CHUNKED, -1, null);

    /**
     * Reads the framing headers.
     *
     * @throws SluiceException BAD_ARGUMENT for a malformed Content-Length, PAYLOAD_TOO_LARGE above the limit
     */
    public static RequestBody of(CallerRequest request, long maxBytes) {
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return CHUNKED;
        }
        String declared = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (declared == null) {
            return NONE;
        }
        long length = declaredLength(declared);
        if (length < 0) {
            throw SluiceException.badArgument("Content-Length", "'" + declared + "'", "a number of bytes");
        }
        if (length > maxBytes) {
            throw tooLarge(length + " bytes", maxBytes);
        }
        return length == 0 ? NONE : new RequestBody(BodyShape.SIZED, length, null);
    }

    public static RequestBody buffered(Buffer body) {
        return new RequestBody(BodyShape.BUFFERED, body.length(), body);
    }

    public boolean present() {
        return shape != BodyShape.NONE;
    }

    /** True for a declared length small enough to read whole before forwarding. */
    public boolean readWhole() {
        return shape == BodyShape.SIZED && length <= SMALL_BYTES;
    }

    /** A Content-Length value as a length small enough to read whole; -1 for anything else. */
    static int smallLength(String contentLength) {
        long length = declaredLength(contentLength);
        return length >= 0 && length <= SMALL_BYTES ? (int) length : -1;
    }

    /** A Content-Length value as a number of bytes; negative when it is not one. */
    private static long declaredLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static SluiceException tooLarge(String size, long maxBytes) {
        return SluiceException.of(ErrorCode.PAYLOAD_TOO_LARGE, "request body: " + size + " (expected: at most "
                + maxBytes + " bytes)");
    }
}
