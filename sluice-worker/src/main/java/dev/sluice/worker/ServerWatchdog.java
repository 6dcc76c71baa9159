package dev.sluice.worker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Ends a worker whose server is gone for good. A server that restarts within {@code grace} may adopt its
 * workers, so one failed look is not enough: the server must have been seen dead for the whole grace period.
 */
public final class ServerWatchdog implements AutoCloseable {

    /** How long the server may be gone before its workers stop (internals.md, "Worker process", 6). */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private long pid;
    private final LongPredicate alive;
    private final long graceNanos;
    private long deadSince = -1;
    private ScheduledExecutorService scheduler;

    private ServerWatchdog(long pid, LongPredicate alive, Duration grace) {
        this.pid = pid;
        this.alive = alive;
        this.graceNanos = grace.toNanos();
    }

    /** Watches a real process through {@link ProcessHandle}. */
    public static ServerWatchdog forProcess(long pid, Duration grace) {
        return new ServerWatchdog(pid, p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false), grace);
    }

    /** With any notion of "alive", for tests. */
    public static ServerWatchdog of(long pid, LongPredicate alive, Duration grace) {
        return new ServerWatchdog(pid, alive, grace);
    }

    /**
     * From now on, watch {@code newPid}: a server that restarted on the same data folder adopted this worker
     * and says so on every probe.
     */
    public synchronized void follow(long newPid) {
        if (newPid > 0 && newPid != pid) {
            pid = newPid;
            deadSince = -1;
        }
    }

    /** One look at {@code nowNanos}; true once the server has been dead for the whole grace period. */
    public synchronized boolean check(long nowNanos) {
        if (alive.test(pid)) {
            deadSince = -1;
            return false;
        }
        if (deadSince < 0) {
            deadSince = nowNanos;
        }
        return nowNanos - deadSince >= graceNanos;
    }

    /** Looks every {@code period} on a daemon thread and runs {@code onGone} once when the server is gone. */
    public synchronized ServerWatchdog start(Duration period, Runnable onGone) {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-server-watchdog");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(() -> {
            if (check(System.nanoTime())) {
                scheduler.shutdown();
                onGone.run();
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public synchronized long pid() {
        return pid;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
