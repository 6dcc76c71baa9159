package dev.sluice.controlplane.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceEvent.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LivenessCheckTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final ProbePolicy POLICY = new ProbePolicy(Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(2), 1, 2);

    private final InstanceEvents events = new InstanceEvents(Clock.fixed(T0, ZoneOffset.UTC));
    private final LivenessCheck check = new LivenessCheck(new InstanceEventLog(events, BLUE, "blue-1"));
    private final FakeBackend.FakeProcess process = new FakeBackend.FakeProcess("blue-1", 7, 9000, null);

    @Test
    void theFirstCheckIsDueInitialDelayAfterTheStartThenEveryPeriod() {
        check.restart(process);

        assertThat(check.isDue(T0.plusSeconds(9), T0, POLICY)).isFalse();
        assertThat(check.isDue(T0.plusSeconds(10), T0, POLICY)).isTrue();
        check.sent();
        assertThat(check.isDue(T0.plusSeconds(10), T0, POLICY)).as("one check out at a time").isFalse();
        check.answered(process, true, T0.plusSeconds(10), POLICY);
        assertThat(check.isDue(T0.plusSeconds(14), T0, POLICY)).isFalse();
        assertThat(check.isDue(T0.plusSeconds(15), T0, POLICY)).isTrue();
        assertThat(events.of(BLUE)).isEmpty();
    }

    @Test
    void failureThresholdFailuresInARowKillTheProcessOnceAndEndTheChecks() {
        check.restart(process);
        process.slowToDie = true;

        check.answered(process, false, T0, POLICY);
        assertThat(process.stopCalls).hasValue(0);
        check.answered(process, false, T0.plusSeconds(5), POLICY);
        check.answered(process, false, T0.plusSeconds(10), POLICY);

        assertThat(process.stopCalls).hasValue(1);
        assertThat(process.stoppedWithGrace).isEqualTo(Duration.ZERO);
        assertThat(check.isDue(T0.plusSeconds(60), T0, POLICY)).isFalse();
        assertThat(events.of(BLUE)).extracting(InstanceEvent::kind, InstanceEvent::detail).containsExactly(
                tuple(Kind.PROBE_FAILED, "liveness check failed (1/2)"),
                tuple(Kind.PROBE_FAILED, "liveness check failed (2/2)"),
                tuple(Kind.KILLED,
                        "liveness check failed 2 times in a row; it will be restarted"));
    }

    @Test
    void aPassBetweenFailuresStartsTheCountOver() {
        check.restart(process);

        check.answered(process, false, T0, POLICY);
        check.answered(process, true, T0.plusSeconds(5), POLICY);
        check.answered(process, false, T0.plusSeconds(10), POLICY);

        assertThat(process.stopCalls).hasValue(0);
    }

    @Test
    void answersAboutAnotherProcessOrAfterAStopChangeNothing() {
        FakeBackend.FakeProcess older = new FakeBackend.FakeProcess("blue-1", 6, 8999, null);
        check.restart(process);

        check.answered(older, false, T0, POLICY);
        check.answered(older, false, T0, POLICY);
        check.stop();
        check.answered(process, false, T0, POLICY);
        check.answered(process, false, T0, POLICY);

        assertThat(process.stopCalls).hasValue(0);
        assertThat(older.stopCalls).hasValue(0);
        assertThat(events.of(BLUE)).isEmpty();
    }
}
