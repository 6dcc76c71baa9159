package dev.sluice.controlplane.controller;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The controller thread: runs a pass every tick, and soon after anyone asks ({@link #wake}), coalescing requests
 * that arrive while one is pending. Before {@link #start} and after {@link #stop} it runs nothing by itself, which
 * is what lets tests step the controller by hand.
 */
final class ControllerLoop {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final ScheduledExecutorService thread;
    private final Runnable pass;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread loopThread;

    ControllerLoop(Runnable pass) {
        this.pass = pass;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-controller");
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
    }

    /** Runs {@code first} on the controller thread, then a pass every {@code tick}. */
    void start(Runnable first, Duration tick) {
        running = true;
        call(() -> {
            first.run();
            return null;
        });
        thread.scheduleWithFixedDelay(this::passIfRunning, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isRunning() {
        return running;
    }

    void wake() {
        if (running && wakePending.compareAndSet(false, true)) {
            thread.execute(() -> {
                wakePending.set(false);
                passIfRunning();
            });
        }
    }

    void wakeAfter(Duration delay) {
        if (running) {
            thread.schedule(this::wake, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs {@code task} on the controller thread and waits for it; directly when called on that thread, or when
     * the loop is not running (nothing else runs the controller then).
     */
    <T> T call(Callable<T> task) {
        if (!running || Thread.currentThread() == loopThread) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return thread.submit(task).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the controller", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("controller call failed: " + e, e);
        }
    }

    /** No pass starts after this returns; {@code last} runs on the controller thread first. */
    <T> T stop(Callable<T> last) {
        T result = call(() -> {
            running = false;
            return last.call();
        });
        thread.shutdown();
        return result;
    }

    private void passIfRunning() {
        if (running) {
            pass.run();
        }
    }
}
