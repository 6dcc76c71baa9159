package dev.sluice.worker;

import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.worker.runner.Runner;
import dev.sluice.worker.runner.RunnerFactory;
import java.time.Duration;

/**
 * The one owner of a worker's runner, between the init thread and {@link Worker#close}. The runner is never
 * closed while its {@code init()} runs: an init can go on to start Python processes or load ONNX sessions after a
 * close that came before them, and those would leak. So a close during init interrupts it (a Python runner stops
 * waiting for its processes and kills them), waits a bounded time for it to return, and whichever of the two
 * finishes last closes the runner: whatever init produced is released exactly once.
 */
final class RunnerLifecycle {

    private final RunnerFactory factory;
    /** The runner that finished init, for requests and probes; null before and after. */
    private volatile Runner ready;
    private Runner created;
    private Thread initThread;
    private boolean closed;

    RunnerLifecycle(RunnerFactory factory) {
        this.factory = factory;
    }

    /** The runner once its init succeeded, else null. */
    Runner ready() {
        return ready;
    }

    /**
     * Creates the runner and runs its init on the calling thread.
     *
     * @throws IllegalStateException when the worker was closed before or during init (the runner is then closed)
     * @throws Exception             init's own failure
     */
    void init(WorkerConfig config) throws Exception {
        synchronized (this) {
            if (closed) {
                throw stopped();
            }
            initThread = Thread.currentThread();
        }
        Runner runner = null;
        try {
            runner = factory.create(config);
            synchronized (this) {
                created = runner;
            }
            runner.init();
        } catch (Exception | Error e) {
            if (!initReturned(null)) {
                releaseAfterClose(runner);
            }
            throw e;
        }
        if (!initReturned(runner)) {
            releaseAfterClose(runner);
            throw stopped();
        }
    }

    private static void releaseAfterClose(Runner runner) {
        if (runner != null) {
            runner.close();
        }
        // The interrupt that close sent, if init did not consume it: the thread is done with init.
        Thread.interrupted();
    }

    /**
     * @param succeeded the runner when its init succeeded, else null
     * @return false when the worker closed meanwhile, so that the init thread must close the runner itself
     */
    private synchronized boolean initReturned(Runner succeeded) {
        initThread = null;
        notifyAll();
        if (closed) {
            created = null;
            return false;
        }
        ready = succeeded;
        return true;
    }

    /**
     * Closes the runner once. During init: interrupts it and waits up to {@code initWait} for it to return; the
     * init thread then closes the runner (also when it returns later than that).
     */
    void close(Duration initWait) {
        Runner toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ready = null;
            if (initThread != null) {
                initThread.interrupt();
                awaitInit(initWait);
                return;
            }
            toClose = created;
            created = null;
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    private void awaitInit(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (initThread != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static IllegalStateException stopped() {
        return new IllegalStateException("worker stopped before init completed");
    }
}
