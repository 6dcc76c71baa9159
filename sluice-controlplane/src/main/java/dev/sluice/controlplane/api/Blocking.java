package dev.sluice.controlplane.api;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * Runs the services' blocking calls (JDBC, files) on a bounded worker pool, never on an event loop. The
 * future completes back on the calling context, so answers are written from the event loop as usual.
 */
final class Blocking {

    private final WorkerExecutor executor;

    Blocking(WorkerExecutor executor) {
        this.executor = executor;
    }

    <T> Future<T> run(Callable<T> work) {
        // Unordered: independent requests may run side by side; the services serialise their own changes.
        return executor.executeBlocking(work, false);
    }
}
