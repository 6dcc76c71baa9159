package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.controlplane.tokens.AccessTokenService;
import dev.sluice.controlplane.tokens.SigningKeyring;
import dev.sluice.core.auth.ManagementRole;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.AccessToken;
import dev.sluice.core.model.AuditEntry;
import dev.sluice.core.spec.WireValue;
import dev.sluice.core.store.AuditLog;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code /api/v1/tokens} (management tokens: create, list, revoke), {@code /api/v1/signing-keys} (the aml_token
 * keyring: list, rotate) and {@code /api/v1/audit} (the audit log, newest first).
 */
final class TokenRoutes {

    static final String TOKENS = "/api/v1/tokens";
    static final String SIGNING_KEYS = "/api/v1/signing-keys";
    static final String AUDIT = "/api/v1/audit";
    static final int DEFAULT_AUDIT_LIMIT = 100;
    static final int MAX_AUDIT_LIMIT = 10_000;

    private final AccessTokenService tokens;
    private final SigningKeyring keyring;
    private final AuditLog audit;
    private final Calls calls;
    private final RequestBodies bodies;
    private final ResourceJson json;

    TokenRoutes(AccessTokenService tokens, SigningKeyring keyring, AuditLog audit, Calls calls, RequestBodies bodies,
                ResourceJson json) {
        this.tokens = tokens;
        this.keyring = keyring;
        this.audit = audit;
        this.calls = calls;
        this.bodies = bodies;
        this.json = json;
    }

    void mount(Router router, Handler<RoutingContext> body) {
        router.post(TOKENS).handler(body).handler(ctx -> calls.json(ctx, 201, () -> created(ctx)));
        router.get(TOKENS).handler(ctx -> calls.json(ctx, 200, () -> json.list(
                tokens.list().stream().map(this::render).toList())));
        router.delete(TOKENS + "/:id").handler(ctx -> calls.json(ctx, 200, () -> {
            tokens.revoke(ctx.pathParam("id"));
            return calls.replies().empty();
        }));
        router.get(SIGNING_KEYS).handler(ctx -> calls.json(ctx, 200, this::keys));
        router.post(SIGNING_KEYS + "/rotate").handler(ctx -> calls.json(ctx, 200, () -> {
            keyring.rotate();
            return keys();
        }));
        router.get(AUDIT).handler(ctx -> calls.json(ctx, 200, () -> json.list(
                audit.latest(limit(ctx)).stream().map(this::render).toList())));
    }

    /** {@code {"role": "reader"|"admin", "name": "..."}}; the answer holds the token, this once. */
    private JsonNode created(RoutingContext ctx) {
        ObjectNode request = bodies.object(ctx);
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("role", "name").contains(name)) {
                throw SluiceException.of(ErrorCode.BAD_ARGUMENT, name + ": unknown key (expected: name | role)", name);
            }
        }
        JsonNode role = request.get("role");
        JsonNode name = request.get("name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw SluiceException.badArgument("name", name, "a string");
        }
        AccessTokenService.CreatedToken made = tokens.create(role(role),
                name == null || name.isNull() ? null : name.asText(), Actor.of(ctx).name());
        return render(made.token()).put("token", made.secret());
    }

    private static ManagementRole role(JsonNode role) {
        String allowed = WireValue.allowed(ManagementRole.class);
        if (role == null || role.isNull()) {
            throw SluiceException.badArgument("role", "(missing)", allowed);
        }
        for (ManagementRole candidate : ManagementRole.values()) {
            if (role.isTextual() && candidate.wire().equals(role.asText())) {
                return candidate;
            }
        }
        String shown = role.isTextual() && role.asText().length() > 40 ? role.asText().substring(0, 40) + "…"
                : role.isTextual() ? role.asText() : role.toString();
        throw SluiceException.badArgument("role", shown.length() > 60 ? shown.substring(0, 60) + "…" : shown, allowed);
    }

    private ObjectNode render(AccessToken token) {
        ObjectNode out = calls.replies().empty();
        out.put("id", token.id());
        out.put("name", token.name());
        out.put("role", token.role().wire());
        out.put("createdAt", String.valueOf(token.createdAt()));
        out.put("createdBy", token.createdBy());
        out.put("revokedAt", token.revokedAt() == null ? null : token.revokedAt().toString());
        return out;
    }

    private ObjectNode render(AuditEntry entry) {
        ObjectNode out = calls.replies().empty();
        out.put("id", entry.id());
        out.put("time", entry.time().toString());
        out.put("actor", entry.actor());
        out.put("role", entry.role());
        out.put("action", entry.action());
        out.put("status", entry.status());
        out.put("remote", entry.remote());
        return out;
    }

    private ObjectNode keys() {
        ObjectNode out = calls.replies().empty();
        out.put("current", keyring.currentKeyId());
        out.set("keys", calls.replies().mapper().valueToTree(keyring.describe()));
        return out;
    }

    private static int limit(RoutingContext ctx) {
        String raw = ctx.queryParams().get("limit");
        if (raw == null) {
            return DEFAULT_AUDIT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_AUDIT_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SluiceException.badArgument("limit", raw.length() > 20 ? raw.substring(0, 20) + "…" : raw,
                "1.." + MAX_AUDIT_LIMIT);
    }
}
