package dev.sluice.core.compute;

import dev.sluice.core.model.InstanceRecord;
import java.util.Optional;

/** Where instances run: local worker processes, or (later) Kubernetes pods. */
public interface ComputeBackend {

    /** Starts an instance and returns at once; the worker binds its port and runs init in the background. */
    RunningInstance start(InstanceLaunch launch);

    /**
     * Takes over an instance that an earlier server process started and that is still running,
     * or empty when it is gone (then the controller starts a new one).
     */
    Optional<RunningInstance> adopt(InstanceRecord record, InstanceLaunch launch);
}
