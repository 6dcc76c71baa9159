package dev.sluice.controlplane.controller;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Asks a worker whether it is ready (init complete, runner healthy) or at least alive. */
public interface WorkerProbe {

    /** Completes with true when {@code GET <url>/.sluice/ready} answers 200 within {@code timeout}; never fails. */
    CompletableFuture<Boolean> ready(String workerUrl, Duration timeout);

    /** Completes with true when {@code GET <url>/.sluice/live} answers 200 within {@code timeout}; never fails. */
    CompletableFuture<Boolean> live(String workerUrl, Duration timeout);
}
