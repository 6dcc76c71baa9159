package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServerWatchdogTest {

    private static final long S = 1_000_000_000L;

    @Test
    void theServerMustBeGoneForTheWholeGracePeriod() {
        AtomicBoolean alive = new AtomicBoolean(true);
        ServerWatchdog watchdog = ServerWatchdog.of(42, pid -> alive.get(), Duration.ofSeconds(30));

        assertThat(watchdog.check(0)).isFalse();
        alive.set(false);
        assertThat(watchdog.check(10 * S)).isFalse();
        assertThat(watchdog.check(39 * S)).isFalse();
        assertThat(watchdog.check(40 * S)).isTrue();
    }

    @Test
    void aServerThatComesBackResetsTheClock() {
        AtomicBoolean alive = new AtomicBoolean(false);
        ServerWatchdog watchdog = ServerWatchdog.of(42, pid -> alive.get(), Duration.ofSeconds(30));

        assertThat(watchdog.check(0)).isFalse();
        alive.set(true);
        assertThat(watchdog.check(20 * S)).isFalse();
        alive.set(false);
        assertThat(watchdog.check(25 * S)).isFalse();
        assertThat(watchdog.check(54 * S)).isFalse();
        assertThat(watchdog.check(55 * S)).isTrue();
    }

    @Test
    void anAdoptingServerIsWatchedInsteadOfTheOneThatStartedTheWorker() {
        ServerWatchdog watchdog = ServerWatchdog.of(42, pid -> pid == 77, Duration.ofSeconds(30));

        assertThat(watchdog.check(0)).isFalse();
        assertThat(watchdog.check(20 * S)).isFalse();
        watchdog.follow(77);
        assertThat(watchdog.pid()).isEqualTo(77);
        assertThat(watchdog.check(31 * S)).isFalse();
        assertThat(watchdog.check(300 * S)).isFalse();
    }

    @Test
    void aRealProcessThatEndedIsNoticed() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        AtomicInteger calls = new AtomicInteger();

        try (ServerWatchdog watchdog = ServerWatchdog.forProcess(gone.pid(), Duration.ofMillis(200))
                .start(Duration.ofMillis(50), calls::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
            assertThat(watchdog.pid()).isEqualTo(gone.pid());
        }
    }

    @Test
    void thisProcessIsAlive() {
        ServerWatchdog watchdog = ServerWatchdog.forProcess(ProcessHandle.current().pid(), Duration.ZERO);

        assertThat(watchdog.check(0)).isFalse();
        assertThat(watchdog.check(100 * S)).isFalse();
    }
}
