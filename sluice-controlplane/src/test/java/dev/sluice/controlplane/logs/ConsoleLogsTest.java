package dev.sluice.controlplane.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.controlplane.service.FakeRuntime;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogsTest {

    private static final DeploymentId BLUE = new DeploymentId("my-endpoint", "blue");

    @TempDir
    Path folder;
    DataDir dataDir;
    FakeRuntime runtime;
    ConsoleLogs logs;

    @BeforeEach
    void setUp() {
        dataDir = new DataDir(folder);
        runtime = new FakeRuntime();
        logs = ConsoleLogs.create(dataDir, runtime);
    }

    @Test
    void tailOfOneInstanceHasNoHeader() throws IOException {
        instances("blue-1");
        write(dataDir.instanceDir(BLUE, "blue-1").resolve("console.log"), numbered(1, 10));

        assertThat(logs.tail(BLUE, LogContainer.INFERENCE_SERVER, 3)).isEqualTo("line 8\nline 9\nline 10\n");
        assertThat(logs.tail(BLUE, LogContainer.INFERENCE_SERVER, 100)).isEqualTo(numbered(1, 10));
    }

    @Test
    void tailOfSeveralInstancesPutsAHeaderBeforeEach() throws IOException {
        instances("blue-1", "blue-2", "blue-3");
        write(dataDir.instanceDir(BLUE, "blue-1").resolve("console.log"), numbered(1, 5));
        write(dataDir.instanceDir(BLUE, "blue-2").resolve("console.log"), "no newline at the end");

        assertThat(logs.tail(BLUE, LogContainer.INFERENCE_SERVER, 2)).isEqualTo(
                "==> blue-1 <==\nline 4\nline 5\n\n==> blue-2 <==\nno newline at the end\n\n==> blue-3 <==\n");
    }

    @Test
    void missingLogsAreEmpty() {
        assertThat(logs.tail(BLUE, LogContainer.INFERENCE_SERVER, 10)).isEmpty();
        instances("blue-1");
        assertThat(logs.tail(BLUE, LogContainer.INFERENCE_SERVER, 10)).isEmpty();
        assertThat(logs.tail(BLUE, LogContainer.STORAGE_INITIALIZER, 10)).isEmpty();
    }

    @Test
    void storageInitializerReadsItsOwnLog() throws IOException {
        instances("blue-1");
        write(dataDir.storageInitializerLog(BLUE), "fetching model\nbuilding environment\ndone");

        assertThat(logs.tail(BLUE, LogContainer.STORAGE_INITIALIZER, 2)).isEqualTo("building environment\ndone");
    }

    @Test
    void tailOfALargeFileReadsAcrossBlocks() throws IOException {
        Path file = folder.resolve("big.log");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= 200_000; i++) {
                out.write("line " + i + "\n");
            }
        }
        String tail = FileTail.read(file, 100_000, Long.MAX_VALUE);
        assertThat(tail).startsWith("line 100001\n").endsWith("line 200000\n");
        assertThat(tail.lines()).hasSize(100_000);
    }

    @Test
    void byteLimitStartsAtALineBoundary() throws IOException {
        Path file = folder.resolve("long-lines.log");
        write(file, "a".repeat(100) + "\n" + "b".repeat(100) + "\n" + "c".repeat(10) + "\n");

        String a = "a".repeat(100) + "\n";
        String b = "b".repeat(100) + "\n";
        String c = "c".repeat(10) + "\n";
        assertThat(FileTail.read(file, 10, 50)).isEqualTo(c);
        assertThat(FileTail.read(file, 10, 111)).isEqualTo(c);
        assertThat(FileTail.read(file, 10, 112)).isEqualTo(b + c);
        assertThat(FileTail.read(file, 10, 200)).isEqualTo(b + c);
        assertThat(FileTail.read(file, 10, 213)).isEqualTo(a + b + c);
        assertThat(FileTail.read(file, 2, 213)).isEqualTo(b + c);
    }

    @Test
    void linesDefaultCapAndRefuse() {
        assertThat(ConsoleLogs.lines(null)).isEqualTo(5000);
        assertThat(ConsoleLogs.lines("20")).isEqualTo(20);
        assertThat(ConsoleLogs.lines("5000000")).isEqualTo(100_000);
        assertThatThrownBy(() -> ConsoleLogs.lines("many")).isInstanceOfSatisfying(SluiceException.class,
                e -> assertThat(e.getMessage()).isEqualTo("lines: many (expected: a whole number of lines from 1 to 100000)"));
        assertThatThrownBy(() -> ConsoleLogs.lines("0")).isInstanceOfSatisfying(SluiceException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT));
    }

    @Test
    void unknownContainerNamesTheTwo() {
        assertThat(LogContainer.parse(null)).isEqualTo(LogContainer.INFERENCE_SERVER);
        assertThat(LogContainer.parse("storage-initializer")).isEqualTo(LogContainer.STORAGE_INITIALIZER);
        assertThatThrownBy(() -> LogContainer.parse("sidecar")).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
            assertThat(e.getMessage()).isEqualTo("container: sidecar (expected: inference-server | storage-initializer)");
        });
    }

    private void instances(String... ids) {
        runtime.setInstances(BLUE, List.of(ids).stream().map(id -> new InstanceRecord(id, BLUE.endpointName(),
                BLUE.deploymentName(), 1, InstanceState.READY, 42, "http://127.0.0.1:1", Instant.EPOCH, 0)).toList());
    }

    private static String numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
