package dev.sluice.worker;

import dev.sluice.core.model.InstanceState;
import dev.sluice.core.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker process: {@code java -cp <class path> dev.sluice.worker.WorkerMain <instance dir>/worker.json}.
 * Exit codes: 0 stopped (SIGTERM, or the server gone for good), 2 bad arguments or worker.json,
 * 3 startup or init failed (the exception is on stderr).
 */
public final class WorkerMain {

    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INIT_FAILED = 3;
    private static final Duration WATCHDOG_PERIOD = Duration.ofSeconds(1);

    private WorkerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java " + WorkerMain.class.getName() + " <path of worker.json>");
            System.exit(EXIT_USAGE);
        }
        WorkerOptions options = WorkerOptions.defaults();
        WorkerConfig config;
        try {
            config = options.json().readValue(Path.of(args[0]).toFile(), WorkerConfig.class);
        } catch (IOException e) {
            System.err.println("cannot read worker config " + args[0] + ": " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        ServerWatchdog watchdog = watch(config.serverPid());
        if (watchdog != null) {
            options = options.withServerContact(watchdog::follow);
        }
        Worker worker;
        try {
            worker = Worker.start(config, options);
        } catch (RuntimeException e) {
            System.err.println("worker failed to start: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(EXIT_INIT_FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "sluice-worker-shutdown"));
        TermSignal.exitZeroOnTerm(System.err);
        try {
            worker.initialized().join();
        } catch (RuntimeException e) {
            // Worker printed the exception; a failure caused by a stop in progress is no init failure.
            if (worker.state() == InstanceState.FAILED) {
                System.exit(EXIT_INIT_FAILED);
            }
        }
        worker.terminated().join();
        if (watchdog != null) {
            watchdog.close();
        }
    }

    private static ServerWatchdog watch(long serverPid) {
        if (serverPid <= 0) {
            return null;
        }
        ServerWatchdog watchdog = ServerWatchdog.forProcess(serverPid, ServerWatchdog.DEFAULT_GRACE);
        return watchdog.start(WATCHDOG_PERIOD, () -> {
            System.out.println("server process " + watchdog.pid() + " has been gone for "
                    + ServerWatchdog.DEFAULT_GRACE.toSeconds() + " s; stopping");
            System.exit(0);
        });
    }
}
