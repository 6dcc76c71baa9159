package dev.sluice.worker.support;

import dev.sluice.worker.Worker;
import dev.sluice.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Workers started in-process for one test, their console captured, all closed after it:
 * {@code @RegisterExtension final RunningWorkers workers = new RunningWorkers();}.
 */
public final class RunningWorkers implements AfterEachCallback {

    private static final long INIT_SECONDS = 30;

    private final List<Worker> started = new ArrayList<>();
    private final Console console = new Console();

    /** Starts a worker; follow {@link Worker#initialized()} for its init. */
    public Worker start(TestConfig config) {
        Worker worker = Worker.start(config.build(), WorkerOptions.defaults().withConsole(console.out, console.err));
        started.add(worker);
        return worker;
    }

    /** Starts a worker and waits until it is Ready; its HTTP address. */
    public Http ready(TestConfig config) throws Exception {
        Worker worker = start(config);
        worker.initialized().get(INIT_SECONDS, TimeUnit.SECONDS);
        return Http.to(worker.port());
    }

    public Console console() {
        return console;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Worker::close);
        started.clear();
    }
}
