package dev.sluice.controlplane.api;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the one JSON error shape. {@link SluiceException}s carry a message meant for the
 * user; anything else is a bug or an outage, logged here with its stack trace and answered with a generic 500.
 */
final class FailureHandler implements Handler<RoutingContext> {

    static final String INTERNAL_MESSAGE = "internal error, see the server log";
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    private final Replies replies;
    private final long maxJsonBytes;

    FailureHandler(Replies replies, long maxJsonBytes) {
        this.replies = replies;
        this.maxJsonBytes = maxJsonBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof SluiceException e && e.code() != ErrorCode.INTERNAL) {
            replies.error(ctx, e.code(), e.getMessage(), e.target());
            return;
        }
        if (failure != null) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            replies.error(ctx, ErrorCode.INTERNAL, INTERNAL_MESSAGE, null);
            return;
        }
        byStatus(ctx, ctx.statusCode());
    }

    /** Failures without an exception: Vert.x Web's own (no route, body too large, bad request line). */
    void byStatus(RoutingContext ctx, int status) {
        String route = ctx.request().method() + " " + ctx.request().path();
        switch (status) {
            case 404 -> replies.error(ctx, ErrorCode.NOT_FOUND, "no such route: " + route
                    + " (expected: a route of the management API, listed by GET /api/v1/openapi.json)", null);
            case 405 -> replies.error(ctx, 405, ErrorCode.BAD_ARGUMENT, "method not allowed: " + route
                    + " (expected: a method that GET /api/v1/openapi.json lists for this path)", null);
            case 413 -> replies.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "request body: more than " + maxJsonBytes
                    + " bytes (expected: at most " + maxJsonBytes + " bytes of JSON)", null);
            case 401 -> replies.error(ctx, ErrorCode.UNAUTHORIZED, ApiAccess.MESSAGE, null);
            default -> {
                if (status >= 400 && status < 500) {
                    replies.error(ctx, status, ErrorCode.BAD_ARGUMENT, "bad request: " + route, null);
                } else {
                    LOG.error("{} failed with status {} and no exception", route, status);
                    replies.error(ctx, ErrorCode.INTERNAL, INTERNAL_MESSAGE, null);
                }
            }
        }
    }
}
