package dev.sluice.worker.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.worker.admission.AdmissionControl.Admitted;
import dev.sluice.worker.admission.AdmissionControl.Decision;
import dev.sluice.worker.admission.AdmissionControl.Release;
import dev.sluice.worker.admission.AdmissionControl.Slot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    private static final long MS = 1_000_000L;

    @Test
    void runsUpToTheLimitThenQueuesThenRejects() {
        AdmissionControl<String> admission = AdmissionControl.create(2, 2, Duration.ofMillis(500));

        assertThat(admission.admit("a", 0).decision()).isEqualTo(Decision.RUN);
        assertThat(admission.admit("b", 0).slot()).isNotNull();
        assertThat(admission.admit("c", 0).decision()).isEqualTo(Decision.QUEUED);
        assertThat(admission.admit("d", 0).slot()).isNull();
        assertThat(admission.admit("e", 0).decision()).isEqualTo(Decision.REJECTED);
        assertThat(admission.running()).isEqualTo(2);
        assertThat(admission.waiting()).isEqualTo(2);
    }

    @Test
    void aFinishedRequestHandsItsSlotToTheOldestWaitingOne() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 2, Duration.ofMillis(500));
        Slot<String> slot = admission.admit("a", 0).slot();
        admission.admit("b", 10 * MS);
        admission.admit("c", 20 * MS);

        Release<String> release = slot.release(100 * MS);

        assertThat(release.next()).map(Admitted::item).contains("b");
        assertThat(release.expired()).isEmpty();
        assertThat(admission.running()).isEqualTo(1);
        assertThat(admission.waiting()).isEqualTo(1);
    }

    @Test
    void waitingRequestsPastTheirQueueDeadlineAreExpiredNotStarted() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 3, Duration.ofMillis(500));
        Slot<String> slot = admission.admit("a", 0).slot();
        admission.admit("old", 0);
        admission.admit("older-than-limit-too", 100 * MS);
        admission.admit("fresh", 400 * MS);

        Release<String> release = slot.release(601 * MS);

        assertThat(release.expired()).containsExactly("old", "older-than-limit-too");
        assertThat(release.next()).map(Admitted::item).contains("fresh");
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aWaitExactlyAtTheLimitStillRuns() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 1, Duration.ofMillis(500));
        Slot<String> slot = admission.admit("a", 0).slot();
        admission.admit("b", 0);

        assertThat(slot.release(500 * MS).next()).map(Admitted::item).contains("b");
    }

    @Test
    void releasingWithNobodyWaitingFreesTheSlot() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 1, Duration.ofMillis(500));
        Slot<String> slot = admission.admit("a", 0).slot();

        Release<String> release = slot.release(MS);

        assertThat(release.next()).isEmpty();
        assertThat(slot.released()).isTrue();
        assertThat(admission.running()).isZero();
        assertThat(admission.admit("b", 2 * MS).decision()).isEqualTo(Decision.RUN);
    }

    @Test
    void allExpiredMeansTheSlotIsFree() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 1, Duration.ofMillis(10));
        Slot<String> slot = admission.admit("a", 0).slot();
        admission.admit("b", 0);

        Release<String> release = slot.release(50 * MS);

        assertThat(release.expired()).containsExactly("b");
        assertThat(release.next()).isEmpty();
        assertThat(admission.running()).isZero();
    }

    @Test
    void withdrawRemovesOnlyAWaitingRequestAndOnlyOnce() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 2, Duration.ofMillis(500));
        String running = "a";
        String waiting = "b";
        admission.admit(running, 0);
        admission.admit(waiting, 0);

        assertThat(admission.withdraw(running)).isFalse();
        assertThat(admission.withdraw(waiting)).isTrue();
        assertThat(admission.withdraw(waiting)).isFalse();
        assertThat(admission.waiting()).isZero();
        assertThat(admission.admit("c", 0).decision()).isEqualTo(Decision.QUEUED);
    }

    @Test
    void withdrawComparesIdentityNotEquality() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 2, Duration.ofMillis(500));
        admission.admit("a", 0);
        String first = new String("same");
        admission.admit(first, 0);

        assertThat(admission.withdraw(new String("same"))).isFalse();
        assertThat(admission.withdraw(first)).isTrue();
    }

    @Test
    void zeroQueueWaitMeansNoQueue() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 5, Duration.ZERO);
        admission.admit("a", 0);

        assertThat(admission.admit("b", 0).decision()).isEqualTo(Decision.REJECTED);
        assertThat(admission.queueCapacity()).isZero();
    }

    @Test
    void badLimitsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> AdmissionControl.create(0, 1, Duration.ZERO))
                .hasMessage("maxRunning: 0 (expected: at least 1)");
        assertThatThrownBy(() -> AdmissionControl.create(1, -1, Duration.ZERO))
                .hasMessage("queueCapacity: -1 (expected: 0 or more)");
        assertThatThrownBy(() -> AdmissionControl.create(1, 1, Duration.ofMillis(-1)))
                .hasMessageStartingWith("maxQueueWait: ");
    }

    @Test
    void aSlotReleasedTwiceFreesOneSlotOnly() {
        AdmissionControl<String> admission = AdmissionControl.create(2, 2, Duration.ofMillis(500));
        Slot<String> a = admission.admit("a", 0).slot();
        admission.admit("b", 0);

        a.release(MS);
        Release<String> again = a.release(2 * MS);

        assertThat(again.next()).isEmpty();
        assertThat(again.expired()).isEmpty();
        assertThat(admission.running()).isEqualTo(1);
        assertThat(admission.admit("c", 3 * MS).decision()).isEqualTo(Decision.RUN);
        assertThat(admission.admit("d", 3 * MS).decision()).isEqualTo(Decision.QUEUED);
    }

    @Test
    void aSlotReleasedTwiceHandsItselfOverOnlyOnce() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 2, Duration.ofMillis(500));
        Slot<String> a = admission.admit("a", 0).slot();
        admission.admit("b", 0);
        admission.admit("c", 0);

        Release<String> first = a.release(MS);
        Release<String> second = a.release(MS);

        assertThat(first.next()).map(Admitted::item).contains("b");
        assertThat(second.next()).isEmpty();
        assertThat(admission.waiting()).isEqualTo(1);
        assertThat(admission.running()).isEqualTo(1);
    }

    @Test
    void theSlotAWaitingRequestTakesOverIsItsOwnToRelease() {
        AdmissionControl<String> admission = AdmissionControl.create(1, 1, Duration.ofMillis(500));
        Slot<String> a = admission.admit("a", 0).slot();
        admission.admit("b", 0);

        Slot<String> b = a.release(MS).next().orElseThrow().slot();
        a.release(MS);

        assertThat(admission.running()).isEqualTo(1);
        b.release(2 * MS);
        assertThat(admission.running()).isZero();
    }
}
