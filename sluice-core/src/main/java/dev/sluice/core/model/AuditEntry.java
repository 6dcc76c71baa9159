package dev.sluice.core.model;

import java.time.Instant;

/**
 * One change asked of the management API: who, what, when, and how it ended.
 *
 * @param actor  the token that asked: {@code admin-token}, or {@code token:<id> (<name>)}
 * @param role   that token's role
 * @param action the method and path, such as {@code PUT /api/v1/endpoints/e}
 * @param status the HTTP status answered, or 0 when the caller left before the answer
 * @param remote the caller's address
 */
public record AuditEntry(long id, Instant time, String actor, String role, String action, int status, String remote) {
}
