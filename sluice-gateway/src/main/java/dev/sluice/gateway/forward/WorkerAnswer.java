package dev.sluice.gateway.forward;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What a {@link WorkerChannel} reports about one exchange, on its event loop. After {@link #onEnd()} or
 * {@link #onFailure(Throwable)} nothing more is reported.
 */
interface WorkerAnswer {

    /** Status and headers of the worker's answer. */
    void onHead(HttpResponse head);

    /** A piece of the answer's body, readable only during the call. */
    void onContent(ByteBuf piece);

    /** The answer is complete; the connection is no longer this exchange's. */
    void onEnd();

    /** The connection broke before the answer was complete. */
    void onFailure(Throwable cause);
}
