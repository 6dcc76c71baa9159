package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.auth.ManagementRole;
import dev.sluice.core.model.AccessToken;
import dev.sluice.core.model.AuditEntry;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensAndAuditTest {

    private static final Instant T0 = Instant.parse("2026-11-29T07:00:00Z");

    @TempDir
    Path folder;

    @Test
    void tokensAreFoundByHashRevokedOnceAndSurviveAReopen() {
        Path db = folder.resolve("sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            store.tokens().createToken(
                    new AccessToken("a1", "ci", ManagementRole.READER, "hash-1", T0, "admin-token", null));
            store.tokens().createToken(new AccessToken("b2", null, ManagementRole.ADMIN, "hash-2", T0.plusSeconds(1),
                    "admin-token", null));
            assertThat(store.tokens().findTokenByHash("hash-1")).get().extracting(AccessToken::id).isEqualTo("a1");
            assertThat(store.tokens().findTokenByHash("nope")).isEmpty();
            assertThat(store.tokens().revokeToken("a1", T0.plusSeconds(5))).isTrue();
            assertThat(store.tokens().revokeToken("a1", T0.plusSeconds(9))).isTrue();
            assertThat(store.tokens().revokeToken("zz", T0)).isFalse();
        }
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            assertThat(store.tokens().listTokens()).extracting(AccessToken::id).containsExactly("a1", "b2");
            AccessToken revoked = store.tokens().findTokenByHash("hash-1").orElseThrow();
            assertThat(revoked.active()).isFalse();
            assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(store.tokens().findTokenByHash("hash-2").orElseThrow().role()).isEqualTo(ManagementRole.ADMIN);
        }
    }

    @Test
    void theAuditLogAnswersTheNewestFirst() {
        try (JdbcStore store = JdbcStore.sqlite(folder.resolve("sluice.db"))) {
            for (int i = 0; i < 5; i++) {
                store.audit().append(new AuditEntry(0, T0.plusSeconds(i), "admin-token", "admin",
                        "PUT /api/v1/endpoints/e" + i, 200, "127.0.0.1"));
            }
            assertThat(store.audit().latest(2)).extracting(AuditEntry::action)
                    .containsExactly("PUT /api/v1/endpoints/e4", "PUT /api/v1/endpoints/e3");
            AuditEntry last = store.audit().latest(1).get(0);
            assertThat(last.id()).isEqualTo(5);
            assertThat(last.time()).isEqualTo(T0.plusSeconds(4));
            assertThat(last.status()).isEqualTo(200);
        }
    }
}
