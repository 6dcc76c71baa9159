package dev.sluice.controlplane.api;

import dev.sluice.core.auth.ManagementRole;
import io.vertx.ext.web.RoutingContext;

/**
 * Who made a management call: the admin-token file, or a token of {@code sluice token create}. Named in the audit
 * log and as the subject of the aml_tokens it asks for; never holds the token itself.
 */
record Actor(String name, ManagementRole role) {

    static final Actor ADMIN_TOKEN = new Actor("admin-token", ManagementRole.ADMIN);
    private static final String KEY = "sluice.actor";

    void attachTo(RoutingContext ctx) {
        ctx.put(KEY, this);
    }

    /** The caller of a request that passed {@link ApiAccess}. */
    static Actor of(RoutingContext ctx) {
        Actor actor = ctx.get(KEY);
        return actor == null ? ADMIN_TOKEN : actor;
    }
}
