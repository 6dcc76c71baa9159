package dev.sluice.worker.runner;

import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What answers a deployment's requests inside a worker: ONNX Runtime, Java scoring code, or a bridge to a
 * Python runner. The worker calls {@link #init} once off the HTTP loop, then {@link #handleAsync} from up to
 * {@code max_concurrent_requests_per_instance} scoring threads at once, then {@link #close} once.
 *
 * <p>Whatever {@link #handle} returns is the model's answer and reaches the caller as is (the gateway turns a
 * non-2xx one into a 424). An exception becomes a 500 {@code ModelError}.
 */
public interface Runner extends AutoCloseable {

    /** Loads the model and code. Slow and blocking; an exception fails the instance with its message. */
    void init() throws Exception;

    /** Answers one request, blocking the calling scoring thread. May be called concurrently. */
    ScoringResult handle(ScoringRequest request) throws Exception;

    /**
     * Answers one request; what the worker calls. A runner that makes requests wait for one another (dynamic
     * batching) returns before the answer is there, so that no scoring thread is held while a request waits;
     * cancelling the stage (the request timed out) withdraws the request. By default, {@link #handle} at once.
     */
    default CompletionStage<ScoringResult> handleAsync(ScoringRequest request) {
        try {
            return CompletableFuture.completedFuture(handle(request));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether the worker may call {@link #handleAsync} for this request on its HTTP event loop rather than on a
     * scoring thread: only when it never blocks and its work is shorter than the hand-off to a scoring thread and
     * back (bench: about 9 µs of worker CPU per request at 32 connections, 35 µs of latency at 1), such as reading
     * a small body and queueing it for a batch, or a small model's run measured to take microseconds. Whatever it
     * does holds up the loop's other connections meanwhile, and a timeout cannot interrupt it.
     * By default, never.
     */
    default boolean handlesOnEventLoop(ScoringRequest request) {
        return false;
    }

    /**
     * False once the runner cannot answer any more (say, its Python processes are gone and cannot be started
     * again): the worker then reports Unready, so that traffic goes elsewhere. Cheap; called by every probe.
     */
    default boolean healthy() {
        return true;
    }

    /** Releases what {@link #init} acquired; never throws. */
    @Override
    void close();
}
