package dev.sluice.worker.http;

import java.time.Duration;

/** Counts requests that were accepted and not yet answered, so that a stopping worker can let them finish. */
public final class InflightTracker {

    private int count;

    public synchronized void enter() {
        count++;
    }

    public synchronized void exit() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    public synchronized int count() {
        return count;
    }

    /** Waits until no request is in flight or {@code limit} has passed; true when idle. */
    public synchronized boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
