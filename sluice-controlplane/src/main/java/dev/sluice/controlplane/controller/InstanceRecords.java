package dev.sluice.controlplane.controller;

import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.store.Store;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the store's instance records in step with the instances, so that a restarted server knows which workers
 * it had; only changes are written. Controller thread only.
 */
final class InstanceRecords {

    private final Store store;
    /** What the store has of each instance. */
    private final Map<String, InstanceRecord> saved = new HashMap<>();

    InstanceRecords(Store store) {
        this.store = store;
    }

    void save(InstanceLifecycle instance) {
        InstanceRecord record = instance.toRecord();
        saved.put(instance.id(), record);
        store.saveInstance(record);
    }

    /** Writes the records of instances whose state, address or generation changed since they were saved. */
    void saveChanged(Iterable<InstanceLifecycle> instances) {
        for (InstanceLifecycle instance : instances) {
            if (!instance.isTerminating() && !instance.toRecord().equals(saved.get(instance.id()))) {
                save(instance);
            }
        }
    }

    /** Drops the instance's record once it will not run again. */
    void forget(InstanceLifecycle instance) {
        saved.remove(instance.id());
        store.deleteInstance(instance.id());
    }

    /** Drops a record no instance of this server stands for (a worker that could not be adopted). */
    void forget(String instanceId) {
        saved.remove(instanceId);
        store.deleteInstance(instanceId);
    }
}
