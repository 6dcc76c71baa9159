package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * One route's work: run the blocking service call on the worker pool, then answer from the event loop with
 * its result, or hand the failure to the {@link FailureHandler}.
 */
final class Calls {

    private final Blocking blocking;
    private final Replies replies;

    Calls(Blocking blocking, Replies replies) {
        this.blocking = blocking;
        this.replies = replies;
    }

    void json(RoutingContext ctx, int status, Callable<? extends JsonNode> work) {
        blocking.run(work).onComplete(done -> {
            if (done.succeeded()) {
                replies.json(ctx, status, done.result());
            } else {
                ctx.fail(done.cause());
            }
        });
    }

    void text(RoutingContext ctx, String contentType, Callable<String> work) {
        blocking.run(work).onComplete(done -> {
            if (done.succeeded()) {
                replies.text(ctx, 200, contentType, done.result());
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
