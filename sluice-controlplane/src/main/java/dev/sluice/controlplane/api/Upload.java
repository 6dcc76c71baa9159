package dev.sluice.controlplane.api;

import dev.sluice.core.artifact.ArtifactRef;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One artifact upload in flight: copies the request body into a file with back-pressure (the request pauses
 * while the file's write queue is full) and stops at the byte limit. Runs on the request's event loop.
 */
final class Upload {

    private static final Logger LOG = LoggerFactory.getLogger(Upload.class);

    private final RoutingContext ctx;
    private final AsyncFile file;
    private final Path zip;
    private final long maxBytes;
    private final ArtifactRoutes routes;
    private long received;
    private boolean aborted;

    Upload(RoutingContext ctx, AsyncFile file, Path zip, long maxBytes, ArtifactRoutes routes) {
        this.ctx = ctx;
        this.file = file;
        this.zip = zip;
        this.maxBytes = maxBytes;
        this.routes = routes;
    }

    void start() {
        HttpServerRequest request = ctx.request();
        file.exceptionHandler(this::fail);
        request.handler(this::chunk);
        request.exceptionHandler(this::fail);
        request.endHandler(v -> finish());
        request.resume();
    }

    private void chunk(Buffer chunk) {
        if (aborted) {
            return;
        }
        received += chunk.length();
        if (received > maxBytes) {
            abort();
            routes.refuseTooLarge(ctx, received);
            return;
        }
        file.write(chunk).onFailure(this::fail);
        if (file.writeQueueFull()) {
            ctx.request().pause();
            file.drainHandler(v -> ctx.request().resume());
        }
    }

    private void finish() {
        if (aborted) {
            return;
        }
        ArtifactRef ref = ArtifactRef.ofHex(ctx.pathParam("hex"));
        file.close().onComplete(closed -> {
            if (closed.failed()) {
                routes.deleteQuietly(zip);
                ctx.fail(closed.cause());
            } else {
                routes.unpack(ctx, ref, zip);
            }
        });
    }

    /** The client went away or the disk failed: drop the partial file; answer if the client can still hear it. */
    private void fail(Throwable cause) {
        if (aborted) {
            return;
        }
        abort();
        if (ctx.response().closed()) {
            LOG.info("upload of artifact {} ended early: {}", ctx.pathParam("hex"), cause.toString());
            return;
        }
        routes.refuse(ctx, cause);
    }

    private void abort() {
        aborted = true;
        file.close().onComplete(v -> routes.deleteQuietly(zip));
    }
}
