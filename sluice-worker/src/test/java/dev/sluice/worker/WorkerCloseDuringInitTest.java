package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.core.model.InstanceState;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.SlowInitRunner;
import dev.sluice.worker.support.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
        SlowInitRunner runner = new SlowInitRunner();
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
        SlowInitRunner runner = new SlowInitRunner();
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
}
