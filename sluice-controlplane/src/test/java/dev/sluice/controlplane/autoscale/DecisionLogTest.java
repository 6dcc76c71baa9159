package dev.sluice.controlplane.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.store.AutoscaleStore.Decision;
import dev.sluice.core.testing.Samples;
import dev.sluice.store.JdbcStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held decisions are recorded once while they repeat; changes always; a deleted deployment is no error. */
class DecisionLogTest {

    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    private JdbcStore store;
    private DecisionLog log;

    @BeforeEach
    void setUp() {
        store = JdbcStore.sqlite(dir.resolve("sluice.db"));
        store.createEndpoint(Samples.endpoint("shop"));
        store.createDeployment(Samples.deployment("shop", "blue"));
        log = new DecisionLog(store.autoscale());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void theSameHeldDecisionIsRecordedOnceWhateverTheFiguresItSaw() {
        for (int second = 0; second < 300; second += 10) {
            log.held(cooling(second, "rule 0 observed " + (80 + second % 7)));
        }
        assertThat(store.autoscale().history(BLUE, 100)).singleElement()
                .satisfies(d -> assertThat(d.values()).isEqualTo("rule 0 observed 80"));
    }

    @Test
    void aHeldDecisionIsRecordedAgainAfterAChangeAnotherHoldOrAMinuteUnseen() {
        assertThat(log.held(cooling(0, "a"))).isTrue();
        log.applied(new Decision(BLUE, T0.plusSeconds(10), "target_utilization", 1, 2, "8 in flight", "", "applied"));
        assertThat(log.held(cooling(20, "b"))).as("after a change").isTrue();
        assertThat(log.held(new Decision(BLUE, T0.plusSeconds(30), "autoscale setting s, profile p", 2, 2,
                "rule 1: …", "", "not applied: it would flap"))).isTrue();
        assertThat(log.held(cooling(40, "c"))).as("after another hold").isTrue();
        assertThat(log.held(cooling(50, "d"))).isFalse();
        assertThat(log.held(cooling(50 + 61, "e"))).as("unseen for more than a minute").isTrue();

        assertThat(store.autoscale().history(BLUE, 100)).extracting(Decision::values)
                .containsExactly("a", "", "b", "", "c", "e");
    }

    @Test
    void aDeploymentDeletedMeanwhileIsNoError() {
        store.deleteDeployment("shop", "blue");

        assertThat(log.held(cooling(0, "a"))).isTrue();
        log.applied(new Decision(BLUE, T0, "target_utilization", 1, 2, "8 in flight", "", "applied"));
    }

    private static Decision cooling(int second, String values) {
        return new Decision(BLUE, T0.plusSeconds(second), "autoscale setting s, profile p", 2, 2,
                "rule 0: CpuUtilizationPercentage …", values, "not applied: the rule's cooldown runs");
    }
}
