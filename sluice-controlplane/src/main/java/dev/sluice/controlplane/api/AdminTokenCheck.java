package dev.sluice.controlplane.api;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code Authorization: Bearer <admin token>}. Both sides are hashed before
 * a constant-time comparison, so neither the token's content nor its length leaks through timing.
 */
final class AdminTokenCheck implements Handler<RoutingContext> {

    static final String MESSAGE = "missing or wrong admin token (expected: Authorization: Bearer <the server's "
            + "admin-token file>)";
    private static final String SCHEME = "bearer ";

    private final byte[] expectedHash;
    private final Replies replies;

    AdminTokenCheck(String adminToken, Replies replies) {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.expectedHash = hash(adminToken);
        this.replies = replies;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.length() > SCHEME.length()
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? header.substring(SCHEME.length()).trim() : "";
        if (MessageDigest.isEqual(hash(given), expectedHash)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        replies.error(ctx, ErrorCode.UNAUTHORIZED, MESSAGE, null);
    }

    private static byte[] hash(String token) {
        return ArtifactDigest.sha256().digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
