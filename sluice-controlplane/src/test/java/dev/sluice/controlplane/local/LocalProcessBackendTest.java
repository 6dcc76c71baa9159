package dev.sluice.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted server must recognise its workers by their command line, whatever the class path's length. */
class LocalProcessBackendTest {

    @TempDir
    Path dir;

    @Test
    void aWorkerIsRecognisedEvenWithAClassPathLongerThanTheReportedCommandLine() throws Exception {
        StringBuilder longClassPath = new StringBuilder(System.getProperty("java.class.path"));
        while (longClassPath.length() < 20_000) {
            longClassPath.append(":/no/such/folder/padding-").append(longClassPath.length()).append(".jar");
        }
        WorkerCommand command = new WorkerCommand(Path.of(System.getProperty("java.home"), "bin", "java"),
                longClassPath.toString(), List.of());
        Path workerJson = dir.resolve("worker.json");
        List<String> argv = new ArrayList<>(command.argv("blue-1", workerJson));
        // Any JVM that stays up will do: the worker's main class is swapped for one that waits on stdin.
        argv.set(argv.indexOf("dev.sluice.worker.WorkerMain"), WaitForStdin.class.getName());
        Process p = new ProcessBuilder(argv).start();
        try {
            assertThat(LocalProcessBackend.isOurWorker(p.toHandle(), workerJson)).isTrue();
            assertThat(LocalProcessBackend.isOurWorker(p.toHandle(), dir.resolve("other.json"))).isFalse();
            assertThat(LocalProcessBackend.isOurWorker(ProcessHandle.current(), workerJson)).isFalse();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Stays up until its stdin closes. */
    public static final class WaitForStdin {
        public static void main(String[] args) throws java.io.IOException {
            while (System.in.read() >= 0) {
                // wait
            }
        }
    }
}
