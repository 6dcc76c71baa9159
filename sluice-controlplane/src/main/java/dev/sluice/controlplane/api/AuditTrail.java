package dev.sluice.controlplane.api;

import dev.sluice.core.model.AuditEntry;
import dev.sluice.core.store.AuditLog;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link AuditEntry} per audited call once it is answered (or its caller left): who, what, when and the
 * status. Never the body: specs may hold secrets in their environment variables.
 */
final class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final int MAX_ACTION = 300;

    private final AuditLog log;
    private final Blocking blocking;
    private final Clock clock;

    AuditTrail(AuditLog log, Blocking blocking, Clock clock) {
        this.log = log;
        this.blocking = blocking;
        this.clock = clock;
    }

    void record(RoutingContext ctx, Actor actor) {
        String action = ctx.request().method() + " " + ctx.request().path();
        String shownAction = action.length() <= MAX_ACTION ? action : action.substring(0, MAX_ACTION) + "…";
        SocketAddress remote = ctx.request().remoteAddress();
        String from = remote == null ? null : remote.hostAddress();
        java.time.Instant at = clock.instant();
        ctx.addEndHandler(ended -> {
            int status = ended.succeeded() ? ctx.response().getStatusCode() : 0;
            AuditEntry entry = new AuditEntry(0, at, actor.name(), actor.role().wire(), shownAction, status, from);
            blocking.run(() -> {
                log.append(entry);
                return null;
            }).onFailure(e -> LOG.error("audit log: cannot record {} by {} ({})", shownAction, actor.name(),
                    e.getMessage()));
        });
    }
}
