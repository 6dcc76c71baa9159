package dev.sluice.gateway.caller;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told the method of the request being answered so that an answer to HEAD is written
 * without a body. Netty's {@code HttpServerCodec} keeps methods in a queue instead, and takes one off for every
 * response, an interim {@code 100 Continue} too, which would pair later answers with the wrong requests.
 */
final class CallerResponseEncoder extends HttpResponseEncoder {

    private HttpMethod method = HttpMethod.GET;

    /** The method of the request whose answer comes next. */
    void answering(HttpMethod requestMethod) {
        method = requestMethod;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse response) {
        return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(response);
    }
}
