package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.RunningInstance;
import java.time.Clock;
import java.time.Instant;

/**
 * Sends the readiness and liveness checks that are due and hands each answer, on the controller thread (through the
 * {@link ControllerInbox}), to the instance's lifecycle (readiness) or its {@link LivenessCheck}. What an answer
 * means is theirs to decide; when checks are due is the policies'.
 */
final class Prober {

    private final WorkerProbe probe;
    private final Clock clock;
    private final ControllerInbox inbox;

    Prober(WorkerProbe probe, Clock clock, ControllerInbox inbox) {
        this.probe = probe;
        this.clock = clock;
        this.inbox = inbox;
    }

    void probeDue(InstanceLifecycle instance, ProbePolicies policies) {
        Instant now = Instant.now(clock);
        if (instance.isReadinessDue(now)) {
            if (!instance.learnAddress()) {
                instance.readiness().postpone(now);
            } else {
                askReady(instance, policies.readiness());
            }
        }
        if (instance.isLivenessDue(now, policies.liveness())) {
            askLive(instance, policies.liveness());
        }
    }

    private void askReady(InstanceLifecycle instance, ProbePolicy policy) {
        RunningInstance asked = instance.process();
        instance.readiness().sent();
        probe.ready(instance.url(), policy.timeout()).whenComplete((ok, failure) -> inbox.post(
                () -> instance.readinessAnswered(asked, passed(ok), Instant.now(clock), policy)));
    }

    private void askLive(InstanceLifecycle instance, ProbePolicy policy) {
        RunningInstance asked = instance.process();
        LivenessCheck liveness = instance.liveness();
        liveness.sent();
        probe.live(instance.url(), policy.timeout()).whenComplete((ok, failure) -> inbox.post(
                () -> liveness.answered(asked, passed(ok), Instant.now(clock), policy)));
    }

    /** A probe that failed instead of answering counts as a failed check, so the next one is still sent. */
    private static boolean passed(Boolean ok) {
        return Boolean.TRUE.equals(ok);
    }
}
