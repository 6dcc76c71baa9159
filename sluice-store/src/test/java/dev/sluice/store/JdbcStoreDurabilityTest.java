package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.testing.Samples;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives closing, reopening, a second opener and a kill -9: the promises a restarting server relies on. */
class JdbcStoreDurabilityTest {

    @TempDir
    Path dir;

    private static void fill(JdbcStore store) {
        store.createEndpoint(Samples.richEndpoint("shop"));
        store.createEndpoint(Samples.endpoint("bank"));
        store.createDeployment(Samples.richDeployment("shop", "blue"));
        store.createDeployment(Samples.deployment("shop", "green"));
        store.saveInstance(Samples.instance("blue-1", "shop", "blue"));
        store.saveInstance(Samples.instance("green-1", "shop", "green"));
    }

    private static void assertFilled(JdbcStore store) {
        assertThat(store.listEndpoints()).containsExactly(Samples.endpoint("bank"), Samples.richEndpoint("shop"));
        assertThat(store.listAllDeployments())
                .containsExactly(Samples.richDeployment("shop", "blue"), Samples.deployment("shop", "green"));
        assertThat(store.listInstances())
                .containsExactly(Samples.instance("blue-1", "shop", "blue"), Samples.instance("green-1", "shop", "green"));
    }

    @Test
    void closeAndReopenFindsEverything() {
        Path db = dir.resolve("sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            fill(store);
        }
        try (JdbcStore reopened = JdbcStore.sqlite(db)) {
            assertFilled(reopened);
        }
    }

    @Test
    void aSecondStoreOnTheSameFileSeesWritesBothWays() {
        Path db = dir.resolve("sluice.db");
        try (JdbcStore first = JdbcStore.sqlite(db); JdbcStore second = JdbcStore.sqlite(db)) {
            fill(first);
            assertFilled(second);

            second.deleteDeployment("shop", "green");
            second.createEndpoint(Samples.endpoint("cafe"));
            assertThat(first.listDeployments("shop")).extracting(Deployment::name).containsExactly("blue");
            assertThat(first.listEndpoints()).extracting(Endpoint::name).containsExactly("bank", "cafe", "shop");
            assertThat(first.listInstances()).extracting(InstanceRecord::id).containsExactly("blue-1");
        }
    }

    @Test
    void twoStoresOnOneFileWriteConcurrentlyWithoutFailing() throws Exception {
        Path db = dir.resolve("sluice.db");
        int threadsPerStore = 4;
        int perThread = 15;
        try (JdbcStore first = JdbcStore.sqlite(db); JdbcStore second = JdbcStore.sqlite(db)) {
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerStore);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 2 * threadsPerStore; t++) {
                    JdbcStore store = t % 2 == 0 ? first : second;
                    String ep = "ep-" + t;
                    done.add(pool.submit(() -> {
                        store.createEndpoint(Samples.endpoint(ep));
                        for (int i = 0; i < perThread; i++) {
                            // Each call reads, then writes: the pattern that fails under deferred transactions.
                            store.createDeployment(Samples.deployment(ep, "dep-" + i));
                            store.saveInstance(Samples.instance(ep + "-" + i, ep, "dep-" + i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(first.listAllDeployments()).hasSize(2 * threadsPerStore * perThread);
            assertThat(second.listInstances()).hasSize(2 * threadsPerStore * perThread);
        }
    }

    @Test
    void migrationsAreAppliedOnceAndReopeningKeepsTheData() throws Exception {
        Path db = dir.resolve("sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            fill(store);
        }
        for (int i = 0; i < 3; i++) {
            JdbcStore.sqlite(db).close();
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = raw.createStatement();
             ResultSet rows = s.executeQuery("SELECT version, success FROM flyway_schema_history "
                     + "WHERE version IS NOT NULL ORDER BY installed_rank")) {
            for (String version : new String[] {"1", "2", "3", "10", "20", "21"}) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("version")).isEqualTo(version);
                assertThat(rows.getBoolean("success")).isTrue();
            }
            assertThat(rows.next()).as("one row per migration only").isFalse();
        }
        try (JdbcStore reopened = JdbcStore.sqlite(db)) {
            assertFilled(reopened);
        }
    }

    @Test
    void createsTheFolderOfTheDatabaseFile() {
        Path db = dir.resolve("data/home/sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            store.createEndpoint(Samples.endpoint("shop"));
        }
        assertThat(db).exists();
    }

    @Test
    void acknowledgedWritesSurviveKillMinusNine() throws Exception {
        Path db = dir.resolve("sluice.db");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoreWriterMain.class.getName(), db.toString())
                .redirectError(dir.resolve("writer.err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(line).as("writer output; stderr in %s", dir.resolve("writer.err")).isEqualTo("ACK");
            // The writes sit in the write-ahead log until a checkpoint: recovering them is what is tested.
            assertThat(Files.exists(dir.resolve("sluice.db-wal"))).isTrue();
        } finally {
            writer.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no close()
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.exitValue()).isNotZero();

        try (JdbcStore restarted = JdbcStore.sqlite(db)) {
            assertThat(restarted.findEndpoint("killed")).contains(Samples.richEndpoint("killed"));
            assertThat(restarted.findDeployment("killed", "blue")).contains(Samples.richDeployment("killed", "blue"));
            assertThat(restarted.listInstances()).containsExactly(Samples.instance("blue-1", "killed", "blue"));
        }
    }

    @Test
    void connectionIsSetUpForDurability() {
        try (JdbcStore store = JdbcStore.sqlite(dir.resolve("sluice.db"))) {
            assertThat(store.queryOne("PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(store.queryOne("PRAGMA synchronous")).isEqualTo("2"); // FULL
            assertThat(store.queryOne("PRAGMA foreign_keys")).isEqualTo("1");
            assertThat(store.queryOne("PRAGMA busy_timeout")).isEqualTo(
                    Long.toString(DataSources.SQLITE_BUSY_TIMEOUT.toMillis()));
        }
    }

    @Test
    void openAcceptsAnSqliteUrl() {
        Path db = dir.resolve("by-url.db");
        try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + db, null, null)) {
            fill(store);
        }
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            assertFilled(store);
        }
    }

    @Test
    void rowsAreReadableAsPlainSql() throws Exception {
        Path db = dir.resolve("sluice.db");
        try (JdbcStore store = JdbcStore.sqlite(db)) {
            fill(store);
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = raw.createStatement();
             ResultSet rows = s.executeQuery("SELECT * FROM endpoints WHERE name = 'shop'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("spec_json")).contains("\"auth_mode\":\"aml_token\"")
                    .contains("\"traffic\":{\"green\":10,\"blue\":90}")
                    .doesNotContain("primary+/=key");
            assertThat(rows.getString("primary_key")).isEqualTo("primary+/=key");
            assertThat(rows.getString("state")).isEqualTo("Updating");
            assertThat(rows.getString("created_at")).isEqualTo("2026-01-02T03:04:05.123456789Z");
        }
    }
}
