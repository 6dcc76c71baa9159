package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.core.model.InstanceState;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.Runner;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker closed (SIGTERM) while its runner's init still runs must release what that init produces: the
 * Python processes or ONNX sessions of an init that completes after the close would otherwise leak.
 */
class WorkerCloseDuringInitTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path work;
    private final Console console = new Console();

    @Test
    void whatAnInitFinishingAfterCloseProducedIsReleased() throws Exception {
        SlowRunner runner = new SlowRunner();
        Worker worker = Worker.start(TestConfig.in(work).build(),
                WorkerOptions.defaults().withConsole(console.out, console.err).withRunners(config -> runner));
        assertThat(runner.initEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        worker.close();
        // Whatever init still does after the close, it does now.
        runner.mayFinishInit.countDown();

        assertThat(runner.initReturned.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("init returned").isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(runner.open.get()).as("resources still open").isZero());
        assertThat(runner.closes.get()).isEqualTo(1);
        assertThat(worker.state()).isEqualTo(InstanceState.TERMINATING);
        assertThat(worker.initialized()).isCompletedExceptionally();
    }

    @Test
    void aRunnerWhoseInitEndsBeforeCloseIsClosedOnce() throws Exception {
        SlowRunner runner = new SlowRunner();
        runner.mayFinishInit.countDown();
        Worker worker = Worker.start(TestConfig.in(work).build(),
                WorkerOptions.defaults().withConsole(console.out, console.err).withRunners(config -> runner));
        worker.initialized().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(runner.open.get()).isEqualTo(1);

        worker.close();
        worker.close();

        assertThat(runner.open.get()).isZero();
        assertThat(runner.closes.get()).isEqualTo(1);
    }

    /**
     * Its init waits (interruptibly, as a Python runner waits for its processes) until the test lets it finish,
     * then opens a resource; close releases whatever is open at that moment.
     */
    private static final class SlowRunner implements Runner {
        final CountDownLatch initEntered = new CountDownLatch(1);
        final CountDownLatch mayFinishInit = new CountDownLatch(1);
        final CountDownLatch initReturned = new CountDownLatch(1);
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void init() throws Exception {
            try {
                initEntered.countDown();
                mayFinishInit.await();
                open.incrementAndGet();
            } finally {
                initReturned.countDown();
            }
        }

        @Override
        public ScoringResult handle(ScoringRequest request) {
            return ScoringResult.text("ok");
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            open.set(0);
        }
    }
}
