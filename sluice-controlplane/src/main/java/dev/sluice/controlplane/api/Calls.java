package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One route's work: run the blocking service call on the worker pool, then answer from the event loop with
 * its result, or hand the failure to the {@link FailureHandler}.
 */
final class Calls {

    /** A resource's JSON with its {@code ETag}. */
    record Tagged(JsonNode json, String etag) {
    }

    private final Blocking blocking;
    private final Replies replies;

    Calls(Blocking blocking, Replies replies) {
        this.blocking = blocking;
        this.replies = replies;
    }

    void json(RoutingContext ctx, int status, Callable<? extends JsonNode> work) {
        answer(ctx, work, json -> replies.json(ctx, status, json));
    }

    /** A resource, with its ETag header, which a later PUT can send back as {@code If-Match}. */
    void tagged(RoutingContext ctx, int status, Callable<Tagged> work) {
        answer(ctx, work, resource -> {
            ctx.response().putHeader(HttpHeaders.ETAG, resource.etag());
            replies.json(ctx, status, resource.json());
        });
    }

    void text(RoutingContext ctx, String contentType, Callable<String> work) {
        answer(ctx, work, text -> replies.text(ctx, 200, contentType, text));
    }

    private <T> void answer(RoutingContext ctx, Callable<T> work, Consumer<T> reply) {
        blocking.run(work).onComplete(done -> {
            if (done.succeeded()) {
                reply.accept(done.result());
            } else {
                ctx.fail(done.cause());
            }
        });
    }

    Replies replies() {
        return replies;
    }

    Blocking blocking() {
        return blocking;
    }
}
