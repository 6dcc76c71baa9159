package dev.sluice.worker.runner.onnx;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a runner's model runs have taken lately, which decides whether a small request may run on the HTTP
 * event loop instead of being handed to a scoring thread and back (a hand-off costs more than a small model's
 * run). The estimate rises at once to any slower run and falls by a sixteenth of the gap with each faster one,
 * so one slow run sends the next requests to scoring threads, and only a steady run of fast ones brings them back.
 * Nothing runs on the loop before {@value #WARM_UP_RUNS} runs were measured.
 */
final class RecentRunTime {

    static final int WARM_UP_RUNS = 16;
    private static final int FALL_DIVISOR = 16;

    private final long budgetNanos;
    private final AtomicLong estimateNanos = new AtomicLong();
    private final AtomicInteger measured = new AtomicInteger();

    private RecentRunTime(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    /** @param budget the longest recent run time at which requests may still run on the event loop */
    static RecentRunTime withBudget(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget: " + budget + " (expected: more than zero)");
        }
        return new RecentRunTime(budget.toNanos());
    }

    void record(long nanos) {
        estimateNanos.updateAndGet(e -> nanos >= e ? nanos : e - (e - nanos) / FALL_DIVISOR);
        if (measured.get() < WARM_UP_RUNS) {
            measured.incrementAndGet();
        }
    }

    /** True once warmed up, while recent runs are within the budget. */
    boolean withinBudget() {
        return measured.get() >= WARM_UP_RUNS && estimateNanos.get() < budgetNanos;
    }
}
