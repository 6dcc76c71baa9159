package dev.sluice.gateway.forward;

import dev.sluice.gateway.caller.CallerRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The caller's request body on its way to a worker for a {@link LiveForward}: a small one read whole before
 * connecting, a large or chunked one streamed as it arrives. Either way a caller waiting for {@code 100 Continue}
 * gets it.
 */
final class CallerBody {

    private final long length;
    /** A small body as it arrives, until it is whole. */
    private Buffer arriving;

    private CallerBody(long length) {
        this.length = length;
    }

    /**
     * A small body is read before connecting and then sent with the head in one write, as nginx buffers
     * bodies too: cheaper than piping it chunk by chunk, and a retry on another instance resends it as it is.
     *
     * @param declared a body {@linkplain RequestBody#readWhole() small enough to read whole}
     * @param onWhole  hears the whole body, as a {@link BodyShape#BUFFERED} one
     * @param onFailed hears why the body could not be read
     */
    static void readWhole(Call call, RequestBody declared, Handler<RequestBody> onWhole, Handler<Throwable> onFailed) {
        CallerRequest source = continued(call);
        CallerBody body = new CallerBody(declared.length());
        source.handler(body::onPiece);
        source.exceptionHandler(onFailed);
        source.endHandler(v -> onWhole.handle(body.whole()));
        source.resume();
    }

    /**
     * A large or chunked body goes on as it arrives; a chunked one is counted on the way and fails once over
     * {@code maxBytes}.
     *
     * @param head the request's head to the worker, marked chunked for a chunked body
     */
    static ReadStream<Buffer> stream(Call call, RequestBody declared, HttpRequest head, long maxBytes) {
        CallerRequest source = continued(call);
        if (declared.shape() != BodyShape.CHUNKED) {
            return source;
        }
        HttpUtil.setTransferEncodingChunked(head, true);
        return new BoundedBody(source, maxBytes);
    }

    /** The caller's request, after the {@code 100 Continue} it may be waiting for before it sends its body. */
    private static CallerRequest continued(Call call) {
        if (call.expectsContinue()) {
            call.request().response().writeContinue();
        }
        return call.request();
    }

    /** A body that arrives in one piece is kept as it is, one copy fewer; one in several pieces is gathered. */
    private void onPiece(Buffer piece) {
        if (arriving == null) {
            arriving = piece.length() == length ? piece : Buffer.buffer((int) length).appendBuffer(piece);
        } else {
            arriving.appendBuffer(piece);
        }
    }

    private RequestBody whole() {
        return RequestBody.buffered(arriving != null ? arriving : Buffer.buffer());
    }
}
