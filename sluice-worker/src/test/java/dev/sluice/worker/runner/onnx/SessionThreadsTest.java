package dev.sluice.worker.runner.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.worker.WorkerConfig;
import dev.sluice.worker.support.TestConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionThreadsTest {

    /** A worker's HTTP event loops. */
    private static final int LOOPS = 2;

    private static WorkerConfig config(int concurrent, Map<String, String> env) {
        return TestConfig.in(Path.of("unused")).limits(concurrent, 500, 5000).env(env).build();
    }

    @Test
    void oneRequestAtATimeGetsOnnxRuntimesDefaultOfASpinningThreadPerCore() {
        assertThat(SessionThreads.forConfig(config(1, Map.of()), 8, LOOPS)).isEqualTo(new SessionThreads(8, true));
    }

    @Test
    void theCoresAreSharedAmongTheRequestsThatMayRunAtOnceAndNoThreadSpins() {
        assertThat(SessionThreads.forConfig(config(2, Map.of()), 8, LOOPS)).isEqualTo(new SessionThreads(4, false));
        assertThat(SessionThreads.forConfig(config(3, Map.of()), 8, LOOPS)).isEqualTo(new SessionThreads(2, false));
    }

    @Test
    void moreRequestsThanCoresRunOneThreadEach() {
        assertThat(SessionThreads.forConfig(config(32, Map.of()), 2, LOOPS)).isEqualTo(new SessionThreads(1, false));
    }

    @Test
    void aBatchingDeploymentRunsOneBatchAtATimeOnTheCoresTheEventLoopsLeaveWithoutSpinning() {
        WorkerConfig batching = TestConfig.in(Path.of("unused")).limits(32, 500, 5000).batching(32, 0).build();
        assertThat(SessionThreads.forConfig(batching, 8, LOOPS)).isEqualTo(new SessionThreads(6, false));
        assertThat(SessionThreads.forConfig(batching, 2, LOOPS)).isEqualTo(new SessionThreads(1, false));
        assertThat(SessionThreads.forConfig(batching, 1, LOOPS)).isEqualTo(new SessionThreads(1, false));
    }

    @Test
    void ompNumThreadsOverridesTheCount() {
        assertThat(SessionThreads.forConfig(config(32, Map.of("OMP_NUM_THREADS", " 3 ")), 2, LOOPS))
                .isEqualTo(new SessionThreads(3, false));
        assertThat(SessionThreads.forConfig(config(1, Map.of("OMP_NUM_THREADS", "")), 4, LOOPS))
                .isEqualTo(new SessionThreads(4, true));
    }

    @Test
    void aBadOverrideNamesTheVariableAndWhatWasExpected() {
        for (String bad : new String[] {"0", "-1", "two"}) {
            assertThatThrownBy(() -> SessionThreads.forConfig(config(1, Map.of("OMP_NUM_THREADS", bad)), 2, LOOPS))
                    .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT))
                    .hasMessageContaining("environment_variables.OMP_NUM_THREADS: '" + bad + "'")
                    .hasMessageContaining("at least 1");
        }
    }
}
