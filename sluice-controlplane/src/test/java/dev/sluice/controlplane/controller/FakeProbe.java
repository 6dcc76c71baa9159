package dev.sluice.controlplane.controller;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Readiness answers the test decides: a worker URL is ready once the test says so. */
final class FakeProbe implements WorkerProbe {

    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final Set<String> hung = ConcurrentHashMap.newKeySet();
    volatile boolean everyoneReady;

    void makeReady(String url) {
        ready.add(url);
    }

    void makeUnready(String url) {
        ready.remove(url);
    }

    /** The worker's loop stops answering: liveness fails from now on. */
    void hang(String url) {
        hung.add(url);
    }

    @Override
    public CompletableFuture<Boolean> ready(String workerUrl, Duration timeout) {
        return CompletableFuture.completedFuture(everyoneReady || ready.contains(workerUrl));
    }

    @Override
    public CompletableFuture<Boolean> live(String workerUrl, Duration timeout) {
        return CompletableFuture.completedFuture(!hung.contains(workerUrl));
    }
}
