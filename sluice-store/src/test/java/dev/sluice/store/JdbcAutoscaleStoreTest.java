package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.AutoscaleStore;
import dev.sluice.core.store.AutoscaleStore.Decision;
import dev.sluice.core.testing.Samples;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Autoscale settings, decisions and archived metrics on the real SQLite store. */
class JdbcAutoscaleStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final DeploymentId GREEN = new DeploymentId("shop", "green");

    @TempDir
    Path dir;
    private JdbcStore store;

    @BeforeEach
    void open() {
        store = JdbcStore.sqlite(dir.resolve("sluice.db"));
        store.createEndpoint(Samples.endpoint("shop"));
        store.createDeployment(Samples.deployment("shop", "blue"));
        store.createDeployment(Samples.deployment("shop", "green"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void settingsAreCreatedReplacedListedAndDeleted() {
        AutoscaleStore autoscale = store.autoscale();
        autoscale.createSetting(GREEN, "{\"profiles\":[]}", T0);
        autoscale.createSetting(BLUE, "{\"profiles\":[1]}", T0);
        autoscale.replaceSetting(BLUE, "{\"profiles\":[2]}", T0.plusSeconds(60));

        assertThat(autoscale.findSetting(BLUE)).hasValueSatisfying(s -> {
            assertThat(s.json()).isEqualTo("{\"profiles\":[2]}");
            assertThat(s.createdAt()).isEqualTo(T0);
            assertThat(s.updatedAt()).isEqualTo(T0.plusSeconds(60));
        });
        assertThat(autoscale.listSettings()).extracting(AutoscaleStore.StoredSetting::deployment)
                .containsExactly(BLUE, GREEN);
        assertThat(autoscale.deleteSetting(BLUE)).isTrue();
        assertThat(autoscale.deleteSetting(BLUE)).isFalse();
        assertThat(autoscale.findSetting(BLUE)).isEmpty();
    }

    @Test
    void aSecondCreateConflictsNamingTheDeploymentAndKeepsTheFirst() {
        AutoscaleStore autoscale = store.autoscale();
        autoscale.createSetting(BLUE, "{\"profiles\":[1]}", T0);

        assertThatThrownBy(() -> autoscale.createSetting(BLUE, "{\"profiles\":[2]}", T0.plusSeconds(1)))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("shop/blue").contains("has an autoscale setting already");
                });
        assertThat(autoscale.findSetting(BLUE)).hasValueSatisfying(s -> {
            assertThat(s.json()).isEqualTo("{\"profiles\":[1]}");
            assertThat(s.updatedAt()).isEqualTo(T0);
        });
    }

    @Test
    void replacingASettingThatWasDeletedMeanwhileIsNotFoundAndCreatesNothing() {
        assertThatThrownBy(() -> store.autoscale().replaceSetting(BLUE, "{}", T0))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(store.autoscale().findSetting(BLUE)).isEmpty();
    }

    @Test
    void aSettingNeedsItsDeploymentAndGoesWithIt() {
        assertThatThrownBy(() -> store.autoscale().createSetting(new DeploymentId("shop", "red"), "{}", T0))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        store.autoscale().createSetting(BLUE, "{}", T0);
        store.autoscale().appendDecision(decision(BLUE, 0, 1, 2));
        store.metricArchive().append(BLUE, T0, Map.of(MetricName.REQUESTS_PER_MINUTE, Map.of("blue", 60.0)));

        store.deleteDeployment("shop", "blue");

        assertThat(store.autoscale().findSetting(BLUE)).isEmpty();
        assertThat(store.autoscale().history(BLUE, 10)).isEmpty();
        assertThat(store.metricArchive().points(BLUE, MetricName.REQUESTS_PER_MINUTE, T0, T0.plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void historyKeepsTheNewestDecisionsOldestFirst() throws Exception {
        String url = DataSources.SQLITE_PREFIX + dir.resolve("sluice.db").toAbsolutePath();
        Dialect dialect = DataSources.dialectOf(url);
        try (Transactor tx = new Transactor(DataSources.of(dialect, url, null, null), dialect)) {
            JdbcAutoscaleStore keepsThree = new JdbcAutoscaleStore(tx, 3);
            for (int i = 0; i < 5; i++) {
                keepsThree.appendDecision(decision(BLUE, i, i, i + 1));
            }
            keepsThree.appendDecision(decision(GREEN, 0, 3, 2));

            assertThat(keepsThree.history(BLUE, 10)).extracting(Decision::from).containsExactly(2, 3, 4);
            assertThat(keepsThree.history(BLUE, 2)).extracting(Decision::from).containsExactly(3, 4);
            assertThat(keepsThree.history(GREEN, 10)).singleElement().isEqualTo(decision(GREEN, 0, 3, 2));
        }
    }

    @Test
    void archivedMinutesAreReadBackByRangeAndForgottenAfterTheCutoff() {
        for (int minute = 0; minute < 3; minute++) {
            store.metricArchive().append(BLUE, T0.plusSeconds(60L * minute), Map.of(
                    MetricName.CPU_UTILIZATION, Map.of("blue-a", 10.0 + minute, "blue-b", 20.0 + minute),
                    MetricName.REQUESTS_PER_MINUTE, Map.of("blue", 600.0)));
        }
        List<MetricPoint> cpu = store.metricArchive().points(BLUE, MetricName.CPU_UTILIZATION, T0.plusSeconds(60),
                T0.plusSeconds(180));
        assertThat(cpu).extracting(MetricPoint::time).containsExactly(T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(cpu.get(0).values()).isEqualTo(Map.of("blue-a", 11.0, "blue-b", 21.0));

        store.metricArchive().deleteBefore(T0.plusSeconds(120));
        assertThat(store.metricArchive().points(BLUE, MetricName.CPU_UTILIZATION, T0, T0.plusSeconds(600)))
                .extracting(MetricPoint::time).containsExactly(T0.plusSeconds(120));
    }

    private static Decision decision(DeploymentId id, int second, int from, int to) {
        return new Decision(id, T0.plusSeconds(second), "target_utilization", from, to, "8 in flight",
                "ConcurrentRequestsPerInstance = 8.0", "applied");
    }
}
