package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.testing.Samples;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database failures become INTERNAL errors that say what failed, roll back, and never show a key. */
class JdbcStoreFailureTest {

    @TempDir
    Path dir;

    private void sql(Path db, String statement) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = raw.createStatement()) {
            s.execute(statement);
        }
    }

    private static void failsInternally(ThrowingCallable call, String message, Endpoint secretHolder) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).isEqualTo(message);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()))
                        .doesNotContain(secretHolder.keys().primaryKey())
                        .doesNotContain(secretHolder.keys().secondaryKey());
            }
        });
    }

    @Test
    void sqlFailureIsInternalAndNamesTheOperationButNoKey() throws Exception {
        Path db = dir.resolve("sluice.db");
        Endpoint shop = Samples.endpoint("shop");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            sql(db, "DROP TABLE instances");
            failsInternally(() -> store.saveInstance(Samples.instance("i-1", "shop", "blue")),
                    "store: save instance 'i-1' failed", shop);
            sql(db, "ALTER TABLE endpoints RENAME TO old_endpoints");
            failsInternally(() -> store.createEndpoint(shop), "store: create endpoint 'shop' failed", shop);
            failsInternally(() -> store.updateEndpoint(shop), "store: update endpoint 'shop' failed", shop);
            failsInternally(store::listEndpoints, "store: list endpoints failed", shop);
        }
    }

    @Test
    void aFailedTransactionLeavesNothingHalfDone() throws Exception {
        Path db = dir.resolve("sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            store.createEndpoint(Samples.endpoint("shop"));
            store.createDeployment(Samples.deployment("shop", "blue"));
            sql(db, "DROP TABLE instances");

            // The endpoint and deployment rows go first, then deleting the instance records fails.
            failsInternally(() -> store.deleteEndpoint("shop"), "store: delete endpoint 'shop' failed",
                    Samples.endpoint("shop"));

            assertThat(store.findEndpoint("shop")).contains(Samples.endpoint("shop"));
            assertThat(store.findDeployment("shop", "blue")).contains(Samples.deployment("shop", "blue"));
        }
    }

    @Test
    void theStoreRecoversAfterAFailure() throws Exception {
        Path db = dir.resolve("sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            sql(db, "ALTER TABLE endpoints RENAME TO moved");
            assertThatThrownBy(() -> store.createEndpoint(Samples.endpoint("shop"))).isInstanceOf(SluiceException.class);
            sql(db, "ALTER TABLE moved RENAME TO endpoints");

            store.createEndpoint(Samples.endpoint("shop"));
            assertThat(store.findEndpoint("shop")).contains(Samples.endpoint("shop"));
        }
    }

    @Test
    void unreadableStoredSpecIsInternalAndNamesTheRecord() throws Exception {
        Path db = dir.resolve("sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            store.createEndpoint(Samples.endpoint("shop"));
            store.createDeployment(Samples.deployment("shop", "blue"));
            sql(db, "UPDATE endpoints SET spec_json = '{\"name\":\"shop\",\"colour\":\"red\"}'");
            sql(db, "UPDATE deployments SET spec_json = 'not json'");

            assertThatThrownBy(() -> store.findEndpoint("shop")).isInstanceOfSatisfying(SluiceException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                assertThat(e.getMessage()).isEqualTo("store: the stored spec of endpoint 'shop' cannot be read");
            });
            assertThatThrownBy(store::listAllDeployments).isInstanceOfSatisfying(SluiceException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                assertThat(e.getMessage()).isEqualTo("store: the stored spec of deployment 'shop/blue' cannot be read");
            });
        }
    }

    @Test
    void unknownStateSpellingIsInternal() throws Exception {
        Path db = dir.resolve("sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            store.createEndpoint(Samples.endpoint("shop"));
            sql(db, "UPDATE endpoints SET state = 'Exploded'");
            assertThatThrownBy(store::listEndpoints).isInstanceOfSatisfying(SluiceException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                assertThat(e.getMessage()).isEqualTo("store: list endpoints failed");
            });
        }
    }

    @Test
    void foreignKeysAreEnforced() throws Exception {
        try (JdbcStore store = JdbcStore.sqlite(dir.resolve("sluice.db"))) {
            assertThatThrownBy(() -> store.queryOne(
                    "INSERT INTO deployments (endpoint_name, name, spec_json, state, reason, generation) "
                            + "VALUES ('ghost', 'blue', '{}', 'Creating', '', 1) RETURNING name"))
                    .isInstanceOfSatisfying(SluiceException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                        assertThat(e.getCause()).hasMessageContaining("FOREIGN KEY");
                    });
        }
    }

    @Test
    void unsupportedUrlIsABadArgumentThatDoesNotEchoTheUrl() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:mysql://db.example/sluice?password=hunter2", "u", "hunter2"))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("store URL: jdbc:mysql (expected: jdbc:sqlite:<file> or "
                            + "jdbc:postgresql://<host>[:<port>]/<database>)");
                });
        assertThatThrownBy(() -> JdbcStore.open(null, null, null)).isInstanceOfSatisfying(SluiceException.class,
                e -> assertThat(e.getMessage()).startsWith("store URL: (missing)"));
    }

    @Test
    void unreachableDatabaseIsInternal() {
        Path notADatabase = dir.resolve("folder.db");
        assertThat(notADatabase.toFile().mkdirs()).isTrue();
        assertThatThrownBy(() -> JdbcStore.sqlite(notADatabase)).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).isEqualTo("store: migrating the database failed");
        });
    }
}
