package dev.sluice.controlplane.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Takes instances out of service: out of the routing at once, their process asked to stop after the drain delay
 * (requests routed just before the new snapshot still find it listening) with time to finish what they hold, and
 * their record and folder gone once they exited. Controller thread only.
 */
final class InstanceStops {

    private final InstanceRoster roster;
    private final InstanceRecords records;
    private final Clock clock;
    private final ControllerOptions options;
    private final Consumer<Duration> wakeAfter;

    InstanceStops(InstanceRoster roster, InstanceRecords records, Clock clock, ControllerOptions options,
                  Consumer<Duration> wakeAfter) {
        this.roster = roster;
        this.records = records;
        this.clock = clock;
        this.options = options;
        this.wakeAfter = wakeAfter;
    }

    void request(InstanceLifecycle instance) {
        if (!instance.stopRequested(Instant.now(clock), options.drainDelay())) {
            return;
        }
        if (instance.isRunning()) {
            wakeAfter.accept(options.drainDelay());
        } else {
            discard(instance);
        }
    }

    /** Signals the instances whose drain delay passed; each gets its own request timeout plus the stop grace. */
    void signalDue() {
        Instant now = Instant.now(clock);
        for (InstanceLifecycle instance : roster.all()) {
            if (instance.isStopSignalDue(now)) {
                // The instance's own timeout: its deployment may be deleted already.
                instance.signalStop(instance.requestTimeout().plus(options.stopGrace()));
            }
        }
    }

    /**
     * Forgets an instance that stopped as asked, with its folder: its console log has nothing a user still needs.
     * Instances that failed keep theirs until the deployment goes, so get-logs can explain them.
     */
    void discard(InstanceLifecycle instance) {
        roster.remove(instance);
        records.forget(instance);
        FolderDeletion.delete(instance.dir());
    }
}
