package dev.sluice.controlplane.api;

import dev.sluice.controlplane.artifacts.ArtifactStore;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;

/**
 * {@code HEAD|PUT|GET /api/v1/artifacts/{hex}}: the CLI asks whether the server has an artifact and uploads its zip
 * when not, or downloads it as a zip. The zip streams to a file (never into memory), then is unpacked and checked on the worker pool.
 */
final class ArtifactRoutes {

    static final String ONE = "/api/v1/artifacts/:hex";
    /** How much of a refused upload is read (and dropped) so that the client sees the 413. */
    static final long MAX_DISCARD_BYTES = 64L * 1024 * 1024;

    private final Vertx vertx;
    private final ArtifactStore artifacts;
    private final Calls calls;
    private final long maxBytes;

    ArtifactRoutes(Vertx vertx, ArtifactStore artifacts, Calls calls, long maxBytes) {
        this.vertx = vertx;
        this.artifacts = artifacts;
        this.calls = calls;
        this.maxBytes = maxBytes;
    }

    void mount(Router router) {
        router.head(ONE).handler(this::head);
        router.put(ONE).handler(this::put);
        router.get(ONE).handler(this::download);
    }

    /** The artifact's files as a zip ({@code sluice model download}), streamed from a temporary file. */
    private void download(RoutingContext ctx) {
        ArtifactRef ref = ref(ctx);
        calls.blocking().run(() -> artifacts.zipOf(ref)).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            Path zip = done.result();
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/zip")
                    .sendFile(zip.toString()).onComplete(sent -> deleteQuietly(zip));
        });
    }

    private void head(RoutingContext ctx) {
        ArtifactRef ref = ref(ctx);
        calls.blocking().run(() -> artifacts.exists(ref)).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response().setStatusCode(done.result() ? 200 : 404).end();
            }
        });
    }

    private void put(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ArtifactRef ref = ref(ctx);
        long length = parseLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        // Nothing may be read before a handler is there to take it: what follows is asynchronous.
        request.pause();
        if (length > maxBytes) {
            refuseTooLarge(ctx, length);
            return;
        }
        calls.blocking().run(() -> artifacts.exists(ref) ? null : artifacts.newUploadFile()).onComplete(done -> {
            if (done.failed()) {
                refuse(ctx, done.cause());
            } else if (done.result() == null) {
                discardBody(ctx, ref);
            } else {
                receive(ctx, ref, done.result());
            }
        });
    }

    private void receive(RoutingContext ctx, ArtifactRef ref, Path zip) {
        vertx.fileSystem().open(zip.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onFailure(e -> {
                    deleteQuietly(zip);
                    refuse(ctx, e);
                })
                .onSuccess(file -> new Upload(ctx, file, zip, maxBytes, this).start());
    }

    /** Called by {@link Upload} once the whole zip is on disk. */
    void unpack(RoutingContext ctx, ArtifactRef ref, Path zip) {
        calls.blocking().run(() -> {
            try {
                return artifacts.store(ref, zip);
            } finally {
                deleteQuietly(zip);
            }
        }).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                created(ctx, ref, done.result() == ArtifactStore.Outcome.CREATED ? 201 : 200);
            }
        });
    }

    /** The artifact is there already: read the body to its end (keeping the connection usable), answer 200. */
    private void discardBody(RoutingContext ctx, ArtifactRef ref) {
        HttpServerRequest request = ctx.request();
        request.handler(chunk -> { });
        request.exceptionHandler(e -> { });
        request.endHandler(v -> created(ctx, ref, 200));
        request.resume();
    }

    void refuseTooLarge(RoutingContext ctx, long bytes) {
        refuse(ctx, SluiceException.of(ErrorCode.PAYLOAD_TOO_LARGE, "artifact upload: " + bytes
                + " bytes or more (expected: at most " + maxBytes + " bytes)", "artifact"));
    }

    /**
     * Answers the failure at once, then reads and drops the rest of the body: HTTP/1.1 clients such as
     * java.net.http only look at the answer once they have sent the whole body. Beyond
     * {@link #MAX_DISCARD_BYTES} the connection is closed instead, so that a huge upload costs the server little.
     */
    void refuse(RoutingContext ctx, Throwable failure) {
        ctx.fail(failure);
        HttpServerRequest request = ctx.request();
        long[] discarded = {0};
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > MAX_DISCARD_BYTES) {
                request.handler(null);
                request.connection().close();
            }
        });
        request.exceptionHandler(e -> { });
        request.resume();
    }

    void deleteQuietly(Path zip) {
        vertx.fileSystem().delete(zip.toString());
    }

    private void created(RoutingContext ctx, ArtifactRef ref, int status) {
        calls.replies().json(ctx, status, calls.replies().empty().put("id", ref.toString()));
    }

    private static ArtifactRef ref(RoutingContext ctx) {
        return ArtifactRef.ofHex(ctx.pathParam("hex"));
    }

    /** The declared body length, or -1 when the body is chunked. */
    private static long parseLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw SluiceException.badArgument("Content-Length", value, "a number of bytes");
        }
    }
}
