package dev.sluice.controlplane.service;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises every change made through the management API, so that a validation (traffic names existing
 * deployments, a deployment with traffic is not deleted) still holds when its write commits. Management
 * traffic is low, so one lock shared by {@link EndpointService} and {@link DeploymentService} costs nothing;
 * reads do not take it.
 */
public final class MutationLock {

    private final ReentrantLock lock = new ReentrantLock();

    private MutationLock() {
    }

    public static MutationLock create() {
        return new MutationLock();
    }

    <T> T call(Supplier<T> change) {
        Objects.requireNonNull(change, "change");
        lock.lock();
        try {
            return change.get();
        } finally {
            lock.unlock();
        }
    }

    void run(Runnable change) {
        call(() -> {
            change.run();
            return null;
        });
    }
}
