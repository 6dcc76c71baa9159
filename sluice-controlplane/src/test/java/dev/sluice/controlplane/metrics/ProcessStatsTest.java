package dev.sluice.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStatsTest {

    @TempDir
    Path proc;

    @Test
    void cpuTimeIsUserPlusSystemAfterTheCommandNameWhateverItHolds() {
        String stat = "4242 (java (worker) x) S 1 4242 4242 0 -1 4194304 1000 0 0 0 250 75 3 4 20 0 42 0 100 "
                + "9000000 2000 18446744073709551615";
        assertThat(ProcessStats.cpuTicks(stat)).isEqualTo(325);
    }

    @Test
    void usageSumsTheProcessTreeAndSkipsWhatIsGone() throws Exception {
        process(10, 100, 20, 51200);
        process(11, 5, 5, 10240);
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       24000000 kB\nMemFree:  1 kB\n");
        ProcessStats stats = ProcessStats.of(proc);

        ProcessStats.Usage usage = stats.usage(List.of(10L, 11L, 12L)).orElseThrow();

        assertThat(usage.cpuTicks()).isEqualTo(130);
        assertThat(usage.rssBytes()).isEqualTo((51200 + 10240) * 1024L);
        assertThat(stats.totalMemoryBytes()).hasValue(24000000L * 1024);
        assertThat(stats.usage(List.of(99L))).isEmpty();
    }

    @Test
    void theRealProcOfThisJvmReadsAsSomething() {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return; // not Linux: nothing to read, and the metrics say so by being absent
        }
        ProcessStats real = ProcessStats.of(Path.of("/proc"));
        assertThat(real.usage(List.of(ProcessHandle.current().pid()))).hasValueSatisfying(u ->
                assertThat(u.rssBytes()).isPositive());
    }

    private void process(long pid, long utime, long stime, long rssKib) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (python3) S 1 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 1 0 100 1000 10");
        Files.writeString(dir.resolve("status"), "Name:\tpython3\nVmRSS:\t  " + rssKib + " kB\nThreads:\t1\n");
    }
}
