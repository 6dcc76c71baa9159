package dev.sluice.worker.http;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.admission.AdmissionControl;
import dev.sluice.worker.admission.AdmissionControl.Admission;
import dev.sluice.worker.admission.AdmissionControl.Release;
import dev.sluice.worker.runner.Runner;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Takes requests from the HTTP loop through admission control to the runner on a bounded scoring executor and
 * back; a runner that answers without blocking ({@link Runner#handlesOnEventLoop}) is called on the loop itself.
 * Timers on the request's context enforce {@code max_queue_wait_ms} and {@code request_timeout_ms}; a request
 * that times out is answered 408 at once and its late result, if any, is dropped. A slot stays taken
 * until the runner's answer is there (or the runner gave up on a timed-out request), so the executor never
 * holds more than {@code maxRunning} tasks; each exchange holds its own slot and gives it back once.
 */
final class Dispatcher {

    private final Vertx vertx;
    private final AdmissionControl<ScoringExchange> admission;
    private final ExecutorService executor;
    private final Supplier<Runner> runner;
    private final Duration requestTimeout;
    private final Duration maxQueueWait;
    private final Answers answers;

    Dispatcher(Vertx vertx, AdmissionControl<ScoringExchange> admission, ExecutorService executor,
               Supplier<Runner> runner, Duration requestTimeout, Duration maxQueueWait, Answers answers) {
        this.vertx = vertx;
        this.admission = admission;
        this.executor = executor;
        this.runner = runner;
        this.requestTimeout = requestTimeout;
        this.maxQueueWait = maxQueueWait;
        this.answers = answers;
    }

    /** On the request's context, once its body has arrived. */
    void dispatch(ScoringExchange ex) {
        ex.dispatched = true;
        long now = System.nanoTime();
        ex.dispatchedNanos = now;
        long left = requestTimeout.toMillis() - ex.elapsedMillis(now);
        if (left <= 0) {
            answers.error(ex, ErrorCode.REQUEST_TIMEOUT, runTimeoutMessage());
            return;
        }
        ex.requestTimer = vertx.setTimer(left, id -> requestTimedOut(ex));
        Admission<ScoringExchange> admitted = admission.admit(ex, now);
        switch (admitted.decision()) {
            case RUN -> {
                ex.hold(admitted.slot());
                start(ex);
            }
            case QUEUED -> ex.queueTimer = vertx.setTimer(Math.max(1, maxQueueWait.toMillis()), id -> queueTimedOut(ex));
            case REJECTED -> {
                vertx.cancelTimer(ex.requestTimer);
                answers.error(ex, ErrorCode.TOO_MANY_REQUESTS, "too many requests: " + admission.maxRunning()
                        + " running and " + admission.queueCapacity() + " waiting (max_concurrent_requests_per_instance: "
                        + admission.maxRunning() + ", queue capacity " + admission.queueCapacity() + ")");
            }
        }
    }

    /**
     * The caller went away: a request still sending its body or waiting gives up its place; a running one
     * finishes and its answer goes nowhere.
     */
    void abandoned(ScoringExchange ex) {
        if (!ex.dispatched) {
            answers.abandoned(ex);
        } else if (admission.withdraw(ex)) {
            cancelTimers(ex);
            answers.abandoned(ex);
        }
    }

    private void start(ScoringExchange ex) {
        ex.leftQueue(System.nanoTime());
        if (ex.queueTimer >= 0) {
            vertx.cancelTimer(ex.queueTimer);
        }
        ScoringRequest request = ex.toScoringRequest();
        Runner scoring = runner.get();
        if (scoring != null && scoring.handlesOnEventLoop(request)) {
            scoreOnLoop(ex, scoring, request);
            return;
        }
        try {
            executor.execute(() -> score(ex, scoring, request));
        } catch (RejectedExecutionException e) {
            // Only when the worker is stopping: admission never lets more tasks in than there are threads.
            finished(ex);
            answers.error(ex, ErrorCode.NOT_READY, "instance is stopping");
        }
    }

    /** On a scoring thread, which a timed-out request may interrupt. */
    private void score(ScoringExchange ex, Runner scoring, ScoringRequest request) {
        long started = System.nanoTime();
        ex.runningOn(Thread.currentThread());
        CompletionStage<ScoringResult> pending;
        try {
            pending = call(scoring, request);
        } finally {
            ex.doneRunning();
        }
        deliver(ex, pending, started);
    }

    /**
     * On the event loop: never marked as the request's scoring thread, so that a timeout never interrupts it. A
     * runner that turns out slower than it said delays the loop's timers too, so such a request may be answered
     * late rather than with a 408.
     */
    private void scoreOnLoop(ScoringExchange ex, Runner scoring, ScoringRequest request) {
        deliver(ex, call(scoring, request), System.nanoTime());
    }

    private static CompletionStage<ScoringResult> call(Runner scoring, ScoringRequest request) {
        try {
            return scoring.handleAsync(request);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    /** Answers on the request's context once the runner's answer is there. */
    private void deliver(ScoringExchange ex, CompletionStage<ScoringResult> pending, long started) {
        ex.pending(pending);
        pending.whenComplete((answer, failure) -> {
            long execMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Throwable error = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            ex.context.runOnContext(v -> {
                finished(ex);
                vertx.cancelTimer(ex.requestTimer);
                if (error != null) {
                    answers.runFailed(ex, error, execMillis);
                } else {
                    answers.result(ex, answer, execMillis);
                }
            });
        });
    }

    /** Frees the slot: the next waiting request starts; those found past their queue deadline get a 408. */
    private void finished(ScoringExchange ex) {
        long now = System.nanoTime();
        Release<ScoringExchange> release = ex.releaseSlot(now);
        for (ScoringExchange expired : release.expired()) {
            // An expired request may belong to the other event loop: its fields are touched only on its own.
            expired.context.runOnContext(v -> {
                expired.leftQueue(now);
                cancelTimers(expired);
                answers.error(expired, ErrorCode.REQUEST_TIMEOUT, queueTimeoutMessage());
            });
        }
        release.next().ifPresent(next -> {
            next.item().hold(next.slot());
            next.item().context.runOnContext(v -> start(next.item()));
        });
    }

    private void queueTimedOut(ScoringExchange ex) {
        if (admission.withdraw(ex)) {
            ex.leftQueue(System.nanoTime());
            vertx.cancelTimer(ex.requestTimer);
            answers.error(ex, ErrorCode.REQUEST_TIMEOUT, queueTimeoutMessage());
        }
    }

    private void requestTimedOut(ScoringExchange ex) {
        if (admission.withdraw(ex)) {
            ex.leftQueue(System.nanoTime());
            vertx.cancelTimer(ex.queueTimer);
            answers.error(ex, ErrorCode.REQUEST_TIMEOUT, runTimeoutMessage());
            return;
        }
        if (!ex.answered()) {
            // The runner is told first: the 408 leaves at once (strict thread mode writes it to the socket here),
            // and whoever sees it may count on the runner having been asked to give up. Whatever the runner
            // answers to the cancel reaches this context after the 408 has claimed the exchange.
            ex.cancelRunner();
            answers.error(ex, ErrorCode.REQUEST_TIMEOUT, runTimeoutMessage());
        }
    }

    private void cancelTimers(ScoringExchange ex) {
        vertx.cancelTimer(ex.requestTimer);
        if (ex.queueTimer >= 0) {
            vertx.cancelTimer(ex.queueTimer);
        }
    }

    private String queueTimeoutMessage() {
        return "request waited longer than max_queue_wait_ms (" + maxQueueWait.toMillis()
                + ") for one of " + admission.maxRunning() + " scoring slots";
    }

    private String runTimeoutMessage() {
        return "request took longer than request_timeout_ms (" + requestTimeout.toMillis() + ")";
    }
}
