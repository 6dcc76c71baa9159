package dev.sluice.controlplane.api;

import dev.sluice.controlplane.tokens.AccessTokenService;
import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.auth.ManagementRole;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.model.AccessToken;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may call the management API: {@code Authorization: Bearer} the admin-token file (compared as hashes in
 * constant time, so neither content nor length leaks), or a token of {@code sluice token create}, looked up by
 * its hash on the worker pool. Reader tokens may only read, and never secrets (keys, tokens). Every change asked
 * (and every read of a secret) goes to the audit log, refusals included.
 */
final class ApiAccess implements Handler<RoutingContext> {

    static final String MESSAGE = "missing or wrong token (expected: Authorization: Bearer <the server's admin-token"
            + " file, or a token of 'sluice token create'>)";
    private static final String SCHEME = "bearer ";

    private final byte[] adminHash;
    private final AccessTokenService tokens;
    private final AuditTrail audit;
    private final Calls calls;

    ApiAccess(String adminToken, AccessTokenService tokens, AuditTrail audit, Calls calls) {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.adminHash = hash(adminToken);
        this.tokens = tokens;
        this.audit = audit;
        this.calls = calls;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String given = bearer(ctx);
        if (MessageDigest.isEqual(hash(given), adminHash)) {
            admit(ctx, Actor.ADMIN_TOKEN);
            return;
        }
        if (tokens == null || !given.startsWith(AccessTokenService.PREFIX)) {
            unauthorized(ctx);
            return;
        }
        ctx.request().pause();
        calls.blocking().run(() -> tokens.authenticate(given)).onComplete(found -> {
            ctx.request().resume();
            Optional<AccessToken> token = found.succeeded() ? found.result() : Optional.empty();
            if (found.failed()) {
                ctx.fail(found.cause());
            } else if (token.isEmpty()) {
                unauthorized(ctx);
            } else {
                AccessToken t = token.get();
                admit(ctx, new Actor("token:" + t.id() + (t.name() == null ? "" : " (" + t.name() + ")"), t.role()));
            }
        });
    }

    private void admit(RoutingContext ctx, Actor actor) {
        actor.attachTo(ctx);
        if (audited(ctx)) {
            audit.record(ctx, actor);
        }
        if (actor.role() == ManagementRole.READER && !readOnly(ctx)) {
            calls.replies().error(ctx, ErrorCode.FORBIDDEN, "this token has role reader, which may read but not "
                    + ctx.request().method() + " " + ctx.request().path()
                    + " (expected: an admin token; reader tokens never see keys or tokens)", null);
            return;
        }
        ctx.next();
    }

    private void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        calls.replies().error(ctx, ErrorCode.UNAUTHORIZED, MESSAGE, null);
    }

    /** Changes, and reads of secrets. */
    private static boolean audited(RoutingContext ctx) {
        return !isRead(ctx.request().method()) || secret(ctx);
    }

    private static boolean readOnly(RoutingContext ctx) {
        return isRead(ctx.request().method()) && !secret(ctx);
    }

    private static boolean isRead(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }

    /**
     * A token of an endpoint, and the token list, are for admins only. The path as the router matches it (dot
     * segments removed, unreserved characters decoded, a trailing slash ignored), so that {@code /api/v1/%74okens}
     * or {@code /api/v1/x/../tokens} is no way around the check.
     */
    private static boolean secret(RoutingContext ctx) {
        String path = ctx.normalizedPath().replaceAll("/{2,}", "/");
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.startsWith(TokenRoutes.TOKENS) || trimmed.endsWith("/token");
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.length() > SCHEME.length()
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? header.substring(SCHEME.length()).trim() : "";
    }

    private static byte[] hash(String token) {
        return ArtifactDigest.sha256().digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
