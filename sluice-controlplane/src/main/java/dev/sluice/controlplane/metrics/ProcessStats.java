package dev.sluice.controlplane.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * CPU time and resident memory of processes, read from Linux's {@code /proc} (what {@code top} reads). An instance
 * is its worker process and every process under it (the Python runners), so callers pass the whole tree.
 * Elsewhere than Linux there is no {@code /proc}: readings are empty and the CPU and memory metrics stay absent.
 */
final class ProcessStats {

    /**
     * What a set of processes used.
     *
     * @param cpuTicks user plus system CPU time since each started, in clock ticks
     * @param rssBytes resident memory now
     */
    record Usage(long cpuTicks, long rssBytes) {
    }

    private static final long KIB = 1024;

    private final Path proc;

    private ProcessStats(Path proc) {
        this.proc = proc;
    }

    static ProcessStats of(Path procRoot) {
        return new ProcessStats(procRoot);
    }

    /** The summed usage of {@code pids}; processes that are gone count nothing; empty when none could be read. */
    Optional<Usage> usage(Collection<Long> pids) {
        long ticks = 0;
        long rss = 0;
        boolean any = false;
        for (long pid : pids) {
            Optional<Long> cpu = read(proc.resolve(Long.toString(pid)).resolve("stat")).map(ProcessStats::cpuTicks);
            Optional<Long> memory = read(proc.resolve(Long.toString(pid)).resolve("status"))
                    .map(ProcessStats::rssBytes);
            if (cpu.isPresent()) {
                ticks += cpu.get();
                rss += memory.orElse(0L);
                any = true;
            }
        }
        return any ? Optional.of(new Usage(ticks, rss)) : Optional.empty();
    }

    /** The machine's memory, from {@code /proc/meminfo}; empty where it cannot be read. */
    Optional<Long> totalMemoryBytes() {
        return read(proc.resolve("meminfo")).map(text -> kibField(text, "MemTotal:") * KIB)
                .filter(bytes -> bytes > 0);
    }

    /** utime + stime, fields 14 and 15 of {@code /proc/<pid>/stat}, counted after the command's closing paren. */
    static long cpuTicks(String stat) {
        int end = stat.lastIndexOf(')');
        String[] fields = stat.substring(end + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** {@code VmRSS} of {@code /proc/<pid>/status}; a kernel thread has none. */
    static long rssBytes(String status) {
        return kibField(status, "VmRSS:") * KIB;
    }

    private static long kibField(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return 0;
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone between listing and reading, or not Linux
        }
    }
}
