package dev.sluice.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.autoscale.TargetUtilizationPolicy.Decision;
import dev.sluice.core.autoscale.TargetUtilizationPolicy.Reading;
import dev.sluice.core.autoscale.TargetUtilizationPolicy.Settings;
import dev.sluice.core.spec.RequestSettings;
import dev.sluice.core.spec.ScaleSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TargetUtilizationPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** 1..3 instances, 4 requests at once each, target 70%, polled every second. */
    private final TargetUtilizationPolicy policy = new TargetUtilizationPolicy(new Settings(1, 3, Duration.ofSeconds(1),
            70, 4));
    private int second;

    @Test
    void azuresDefaultsFillWhatTheYamlLeavesOut() {
        Settings s = Settings.of(new ScaleSettings("target_utilization", null, 4, null, null),
                new RequestSettings(null, null, null));
        assertThat(s).isEqualTo(new Settings(1, 4, Duration.ofSeconds(1), 70, 1));
        assertThat(s.scaleDownWindow()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void scalesUpAtOnceToWhatTheLoadNeeds() {
        Decision d = poll(1, 8, 100);
        // 8 in flight / (4 × 70%) = 2.86 → 3
        assertThat(d.to()).isEqualTo(3);
        assertThat(d.reason()).contains("8.0 requests in flight").contains("→ 3 instance(s)");
    }

    @Test
    void neverWantsMoreThanMaxInstances() {
        assertThat(poll(1, 100, 1000).to()).isEqualTo(3);
    }

    @Test
    void scalesDownOnlyAfterTheLoadStayedLowForTheWholeWindow() {
        assertThat(poll(1, 8, 100).to()).isEqualTo(3);
        for (int i = 0; i < 20; i++) {
            assertThat(poll(3, 1, 10).to()).as("second %d", second).isEqualTo(3);
        }
        Decision down = poll(3, 1, 10);
        assertThat(down.to()).isEqualTo(1);
        assertThat(down.reason()).contains("at most 1 wanted during the last 20 s");
    }

    @Test
    void aBurstWithinTheWindowKeepsWhatItNeededForAWholeWindow() {
        poll(1, 8, 100); // second 0: 3 wanted
        for (int i = 0; i < 15; i++) {
            poll(3, 1, 10);
        }
        poll(3, 5.6, 50); // second 16: 2 wanted
        for (int i = 0; i < 4; i++) {
            assertThat(poll(3, 0.5, 5).to()).isEqualTo(3);
        }
        assertThat(poll(3, 0.5, 5).to()).as("second 21: the 3 of second 0 left the window").isEqualTo(2);
        for (int i = 0; i < 15; i++) {
            assertThat(poll(2, 0.5, 5).to()).isEqualTo(2);
        }
        assertThat(poll(2, 0.5, 5).to()).as("second 37: the burst left the window").isEqualTo(1);
    }

    @Test
    void aFreshPolicyDoesNotScaleDownBeforeItHasSeenAWholeWindow() {
        for (int i = 0; i < 20; i++) {
            assertThat(poll(3, 0, 0).to()).isEqualTo(3);
        }
        assertThat(poll(3, 0, 0).to()).isEqualTo(1);
    }

    @Test
    void withMinimumZeroAnIdleDeploymentGoesToZeroButAnyTrafficKeepsOne() {
        TargetUtilizationPolicy toZero = new TargetUtilizationPolicy(new Settings(0, 3, Duration.ofSeconds(1), 70, 4));
        for (int i = 0; i < 20; i++) {
            assertThat(toZero.next(1, reading(0.2, 3)).to()).isEqualTo(1);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(toZero.next(1, reading(0, 0)).to()).isEqualTo(1);
        }
        assertThat(toZero.next(1, reading(0, 0)).to()).isZero();
        assertThat(toZero.next(0, reading(0, 1)).to()).isEqualTo(1);
    }

    @Test
    void aCountOutsideTheBoundsIsBroughtInsideAtOnce() {
        Decision d = poll(7, 0, 0);
        assertThat(d.to()).isEqualTo(3);
        assertThat(d.reason()).contains("outside min_instances..max_instances 1..3");
    }

    private Decision poll(int current, double inFlight, long answered) {
        return policy.next(current, reading(inFlight, answered));
    }

    private Reading reading(double inFlight, long answered) {
        return new Reading(T0.plusSeconds(second++), inFlight, answered);
    }
}
