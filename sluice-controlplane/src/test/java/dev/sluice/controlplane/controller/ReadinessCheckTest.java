package dev.sluice.controlplane.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceEvent.Kind;
import dev.sluice.core.model.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final ProbePolicy POLICY = new ProbePolicy(Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(2), 2, 3);

    private final InstanceEvents events = new InstanceEvents(Clock.fixed(T0, ZoneOffset.UTC));
    private final ReadinessCheck check = new ReadinessCheck(new InstanceEventLog(events, BLUE, "blue-1"));

    @Test
    void theFirstPassMakesAStartingInstanceReadyWithItsColdStart() {
        check.restart(T0, T0.minusMillis(1500));

        assertThat(check.isDue(T0)).isTrue();
        check.sent();
        assertThat(check.isDue(T0)).as("one check out at a time").isFalse();
        assertThat(check.answered(InstanceState.STARTING, true, T0, POLICY)).isEqualTo(InstanceState.READY);

        assertThat(check.wasEverReady()).isTrue();
        assertThat(check.readySince()).isEqualTo(T0);
        assertThat(events.of(BLUE)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.READY);
            assertThat(e.coldStartMs()).isEqualTo(1500L);
            assertThat(e.detail()).isEqualTo("ready after 1500 ms");
        });
    }

    @Test
    void aStartingInstanceThatFailsIsAskedAgainSoon() {
        check.restart(T0, T0);

        assertThat(check.answered(InstanceState.STARTING, false, T0, POLICY)).isEqualTo(InstanceState.STARTING);
        assertThat(check.isDue(T0.plus(ProbePolicy.STARTUP_POLL).minusMillis(1))).isFalse();
        assertThat(check.isDue(T0.plus(ProbePolicy.STARTUP_POLL))).isTrue();
        assertThat(check.wasEverReady()).isFalse();
        assertThat(events.of(BLUE)).isEmpty();
    }

    @Test
    void anAdoptedWorkerIsReadyWithoutAColdStart() {
        check.restartAdopted(T0);

        check.answered(InstanceState.STARTING, true, T0, POLICY);

        assertThat(events.of(BLUE)).singleElement().satisfies(e -> {
            assertThat(e.detail()).isEqualTo("adopted worker answered");
            assertThat(e.coldStartMs()).isNull();
        });
    }

    @Test
    void failureThresholdFailuresInARowMakeItUnreadyAndSuccessThresholdPassesReadyAgain() {
        check.restart(T0, T0);
        InstanceState state = check.answered(InstanceState.STARTING, true, T0, POLICY);

        state = check.answered(state, false, T0.plusSeconds(5), POLICY);
        state = check.answered(state, false, T0.plusSeconds(10), POLICY);
        assertThat(state).as("2 of 3 failures").isEqualTo(InstanceState.READY);
        state = check.answered(state, false, T0.plusSeconds(15), POLICY);
        assertThat(state).isEqualTo(InstanceState.UNREADY);
        assertThat(check.isDue(T0.plusSeconds(20))).as("checked every period").isTrue();

        state = check.answered(state, true, T0.plusSeconds(20), POLICY);
        assertThat(state).as("1 of 2 passes").isEqualTo(InstanceState.UNREADY);
        state = check.answered(state, true, T0.plusSeconds(25), POLICY);
        assertThat(state).isEqualTo(InstanceState.READY);
        assertThat(check.readySince()).isEqualTo(T0.plusSeconds(25));

        assertThat(events.of(BLUE)).extracting(InstanceEvent::kind, InstanceEvent::detail).containsExactly(
                tuple(Kind.READY, "ready after 0 ms"),
                tuple(Kind.UNREADY, "3 readiness checks failed"),
                tuple(Kind.READY, "readiness check passed again"));
    }

    @Test
    void answersInOtherStatesAreCountedButChangeNothing() {
        check.restart(T0, T0);

        assertThat(check.answered(InstanceState.FAILED, true, T0, POLICY)).isEqualTo(InstanceState.FAILED);
        assertThat(check.wasEverReady()).isFalse();
        assertThat(check.isDue(T0.plus(POLICY.period()))).isTrue();
        check.stop();
        assertThat(check.isDue(T0.plusSeconds(60))).isFalse();
    }
}
