package dev.sluice.worker;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.worker.WorkerAddress;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.worker.http.AccessLog;
import dev.sluice.worker.http.InflightTracker;
import dev.sluice.worker.http.RequestLimits;
import dev.sluice.worker.http.WorkerHandler;
import dev.sluice.worker.runner.Runner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running instance: an HTTP server bound before init, a runner initialised in the background, and a graceful
 * stop. {@link WorkerMain} runs one per process; tests run them in-process through {@link #start}.
 */
public final class Worker implements AutoCloseable {

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Next to the address file, in the instance's own folder. */
    static final String SOCKET_FILE = "worker.sock";
    /** sun_path holds 108 bytes with its terminating NUL on Linux (104 on macOS); stay below both. */
    static final int MAX_SOCKET_PATH_BYTES = 100;
    /** As many as the cores of the machine this is tuned on: each reads, answers and may run a small model. */
    public static final int EVENT_LOOPS = 2;

    private final WorkerConfig config;
    private final WorkerOptions options;
    private final Vertx vertx;
    private final HttpListeners listeners;
    private final ExecutorService scoring;
    private final InflightTracker inflight;
    private final AccessLog accessLog;
    private final AtomicReference<InstanceState> state;
    private final RunnerLifecycle runner;
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private WorkerAddress address;

    private Worker(WorkerConfig config, WorkerOptions options, Vertx vertx, HttpListeners listeners,
                   ExecutorService scoring, InflightTracker inflight, AccessLog accessLog,
                   AtomicReference<InstanceState> state, RunnerLifecycle runner) {
        this.config = config;
        this.options = options;
        this.vertx = vertx;
        this.listeners = listeners;
        this.scoring = scoring;
        this.inflight = inflight;
        this.accessLog = accessLog;
        this.state = state;
        this.runner = runner;
    }

    /** {@link #start(WorkerConfig, WorkerOptions)} with the console and runners of a real worker process. */
    public static Worker start(WorkerConfig config) {
        return start(config, WorkerOptions.defaults());
    }

    /**
     * Binds the port, writes the address file, and starts init in the background; returns once bound.
     * Follow {@link #initialized()} for the outcome of init.
     *
     * @throws SluiceException when the limits are invalid, the port cannot be bound or the address not written
     */
    public static Worker start(WorkerConfig config, WorkerOptions options) {
        RequestLimits limits = limits(config, options);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setPreferNativeTransport(true));
        AtomicReference<InstanceState> state = new AtomicReference<>(InstanceState.STARTING);
        RunnerLifecycle runner = new RunnerLifecycle(options.runners());
        InflightTracker inflight = new InflightTracker();
        AccessLog accessLog = new AccessLog(options.out());
        ExecutorService scoring = ScoringThreads.create(limits.maxConcurrent());
        // Answer "Expect: 100-continue" at once: curl sends it for bodies over 1 KiB and would wait a second.
        // Strict thread mode: every response is written on its connection's event loop (Answers runs on the
        // request's context), so Vert.x writes straight to the channel instead of through a queue of its own.
        // No WebSocket compression: a worker serves no WebSockets, and its extension handler would otherwise
        // look at every request and response that passes.
        HttpServerOptions serverOptions = new HttpServerOptions().setHost(host(config)).setPort(config.port())
                .setHandle100ContinueAutomatically(true)
                .setStrictThreadMode(true)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        // One handler for every server on every loop: one admission control, one set of scoring slots.
        WorkerHandler handler = WorkerHandler.create(vertx, () -> reported(state.get(), runner.ready()), runner::ready,
                scoring, limits, accessLog, options.err(), inflight, options.serverContact());
        // The same options for the socket: listening on a socket address ignores their host and port.
        HttpListeners listeners = new HttpListeners(vertx, serverOptions, handler, EVENT_LOOPS);
        Worker worker = new Worker(config, options, vertx, listeners, scoring, inflight, accessLog, state, runner);
        try {
            worker.bind();
        } catch (RuntimeException e) {
            worker.shutDownQuietly();
            throw e;
        }
        worker.startInit();
        return worker;
    }

    /** A Ready worker whose runner can no longer answer reports Unready. */
    private static InstanceState reported(InstanceState state, Runner runner) {
        return state == InstanceState.READY && runner != null && !runner.healthy() ? InstanceState.UNREADY : state;
    }

    private static RequestLimits limits(WorkerConfig config, WorkerOptions options) {
        try {
            return RequestLimits.of(config, options.maxBodyBytes());
        } catch (IllegalArgumentException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "worker.json: " + e.getMessage());
        }
    }

    private static String host(WorkerConfig config) {
        return config.host() == null || config.host().isBlank() ? "127.0.0.1" : config.host();
    }

    private void bind() {
        String host = host(config);
        int port;
        try {
            port = await(listeners.listenTcp(), BIND_TIMEOUT);
        } catch (Exception e) {
            throw SluiceException.wrap(ErrorCode.INIT_FAILED, "cannot listen on " + host + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        address = new WorkerAddress(host, port, ProcessHandle.current().pid(), bindSocket());
        if (config.addressFile() != null && !config.addressFile().isBlank()) {
            try {
                new AddressFile(options.json()).write(Path.of(config.addressFile()), address);
            } catch (IOException e) {
                throw SluiceException.wrap(ErrorCode.INIT_FAILED, "cannot write " + config.addressFile() + ": " + e, e);
            }
        }
        String socket = address.socket() == null ? "" : " and " + address.socket();
        options.out().println("listening on " + address.url() + socket + " (instance " + config.instanceId() + " of "
                + config.endpointName() + "/" + config.deploymentName() + ", generation " + config.generation()
                + ", pid " + address.pid() + ")");
    }

    /**
     * Also listens on {@code worker.sock} next to the address file, for the gateway on this machine. Optional:
     * without the native transport, or when the path is longer than a socket address holds, the worker answers
     * on TCP only.
     *
     * @return the socket's path, or null when not listening on one
     */
    private String bindSocket() {
        if (config.addressFile() == null || config.addressFile().isBlank() || !vertx.isNativeTransportEnabled()) {
            return null;
        }
        Path socket = Path.of(config.addressFile()).toAbsolutePath().resolveSibling(SOCKET_FILE);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            options.out().println("not listening on a Unix socket: " + socket + " is longer than "
                    + MAX_SOCKET_PATH_BYTES + " bytes; the gateway uses TCP");
            return null;
        }
        try {
            Files.createDirectories(socket.getParent());
            // A socket file left by a killed worker would make the bind fail.
            Files.deleteIfExists(socket);
            await(listeners.listenSocket(socket.toString()), BIND_TIMEOUT);
            return socket.toString();
        } catch (Exception e) {
            options.err().println("not listening on " + socket + " (" + e.getMessage() + "); the gateway uses TCP");
            return null;
        }
    }

    private void startInit() {
        Thread init = new Thread(this::runInit, "sluice-init");
        init.setDaemon(true);
        init.start();
    }

    private void runInit() {
        long started = System.nanoTime();
        try {
            runner.init(config);
            if (!state.compareAndSet(InstanceState.STARTING, InstanceState.READY)) {
                return;
            }
            options.out().println("init complete in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                    + " ms");
            initialized.complete(null);
        } catch (Throwable e) {
            if (!state.compareAndSet(InstanceState.STARTING, InstanceState.FAILED)) {
                // Stopped during init: close() has failed initialized already, and the runner is released.
                options.out().println("init stopped: the worker is closing");
                return;
            }
            options.err().println("init failed: " + e.getMessage());
            e.printStackTrace(options.err());
            initialized.completeExceptionally(e);
        }
    }

    /** Completes when init is done and the worker is Ready; fails with init's exception. */
    public CompletableFuture<Void> initialized() {
        return initialized;
    }

    /** Completes once {@link #close()} has finished. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public WorkerAddress address() {
        return address;
    }

    public int port() {
        return address.port();
    }

    public InstanceState state() {
        return state.get();
    }

    /**
     * Stops gracefully: readiness turns 503 and new requests are refused, requests in flight get up to
     * {@code request_timeout_ms} to finish, then the port closes and the runner is closed; a close during init
     * stops init and releases what it made ({@link RunnerLifecycle}). Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            terminated.join();
            return;
        }
        state.set(InstanceState.TERMINATING);
        initialized.completeExceptionally(new IllegalStateException("worker stopped before init completed"));
        int busy = inflight.count();
        if (busy > 0) {
            options.out().println("stopping: " + busy + " requests in flight, waiting up to "
                    + config.requestTimeoutMs() + " ms");
        }
        try {
            inflight.awaitIdle(config.requestTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutDownQuietly();
        options.out().println("stopped");
        terminated.complete(null);
    }

    private void shutDownQuietly() {
        try {
            await(listeners.close(), CLOSE_TIMEOUT);
        } catch (Exception e) {
            options.err().println("closing the HTTP server: " + e);
        }
        scoring.shutdownNow();
        runner.close(CLOSE_TIMEOUT);
        try {
            await(vertx.close(), CLOSE_TIMEOUT);
        } catch (Exception e) {
            options.err().println("closing Vert.x: " + e);
        }
        // Lines a loop gathered but could not write before it stopped (say, Vert.x took too long to close).
        accessLog.flushAll();
    }

    private static <T> T await(Future<T> future, Duration limit) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}
