package dev.sluice.worker.runner;

/**
 * A failure of scoring code whose runner already wrote the error body the caller gets (the Python runner writes
 * its own, as {@code sluice_encoding.error_body}); the worker sends that body instead of writing one.
 */
public interface RunFailure {

    /** The JSON error body; empty when the runner wrote none, and the worker then writes its own. */
    byte[] errorBody();
}
