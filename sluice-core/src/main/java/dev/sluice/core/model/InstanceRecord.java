package dev.sluice.core.model;

import java.time.Instant;

/**
 * One running instance as the controller records it, so that a restarted server can find (and adopt or
 * replace) the workers it had started.
 *
 * @param id         unique instance id, such as {@code blue-7f3a2c}
 * @param generation the deployment generation whose spec the instance runs
 * @param pid        the worker's process id (local compute), or -1
 * @param url        the worker's own address, such as {@code http://127.0.0.1:40123}, or empty before it bound
 */
public record InstanceRecord(String id, String endpointName, String deploymentName, long generation,
                             InstanceState state, long pid, String url, Instant startedAt, int restarts) {

    public InstanceRecord withState(InstanceState newState) {
        return new InstanceRecord(id, endpointName, deploymentName, generation, newState, pid, url, startedAt, restarts);
    }

    public InstanceRecord withUrl(String newUrl) {
        return new InstanceRecord(id, endpointName, deploymentName, generation, state, pid, newUrl, startedAt, restarts);
    }
}
