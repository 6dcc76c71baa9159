package dev.sluice.controlplane.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What CPU and memory percentages are relative to on this machine: its cores, its memory, and how long a clock tick
 * of {@code /proc/<pid>/stat} is. Local instances share the machine, so 100% CPU is every core busy.
 *
 * @param clockTicksPerSecond {@code getconf CLK_TCK}, 100 on every common Linux
 */
record MachineFacts(int cores, long memoryBytes, long clockTicksPerSecond) {

    private static final long USUAL_CLOCK_TICKS = 100;

    static MachineFacts of(ProcessStats stats) {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(), stats.totalMemoryBytes().orElse(0L),
                clockTicks());
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            try (InputStream out = getconf.getInputStream()) {
                String text = new String(out.readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                    return Long.parseLong(text);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return USUAL_CLOCK_TICKS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return USUAL_CLOCK_TICKS;
    }
}
