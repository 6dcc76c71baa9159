package dev.sluice.core.compute;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A started instance as its backend sees it. */
public interface RunningInstance {

    String id();

    /** The process id for local compute, -1 where there is none. */
    long pid();

    /** The worker's own base URL ({@code http://127.0.0.1:PORT}) once it has bound its port. */
    Optional<String> url();

    /**
     * A Unix domain socket on this machine where the worker answers the same requests, known once it has bound
     * its port; empty where there is none (the gateway then uses {@link #url()}).
     */
    default Optional<String> socket() {
        return Optional.empty();
    }

    boolean isAlive();

    /** Completes with the exit code when the instance has stopped, for whatever reason. */
    CompletableFuture<Integer> onExit();

    /** Asks the instance to stop and kills it if it has not stopped after {@code grace}. Does not block. */
    void stop(Duration grace);
}
