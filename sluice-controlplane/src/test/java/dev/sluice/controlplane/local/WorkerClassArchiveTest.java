package dev.sluice.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs record and map the archive; a recording is kept only when a JVM can map it. */
class WorkerClassArchiveTest {

    private static final String RECORD = "-XX:ArchiveClassesAtExit=";
    private static final String MAP = "-XX:SharedArchiveFile=";

    @TempDir
    Path dir;

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private WorkerCommand command;

    /** A class path of jars only, as the distribution's is: CDS cannot archive classes from folders. */
    @BeforeEach
    void jarOfOneMainClass() throws IOException {
        Path jar = dir.resolve("lib/main.jar");
        Files.createDirectories(jar.getParent());
        String entry = ExitAtOnce.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ExitAtOnce.class.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        command = new WorkerCommand(JAVA, jar.toString(), List.of("-XX:+UseSerialGC"));
    }

    @Test
    void theFirstWorkerToExitCleanlyLeavesTheArchiveAndLaterWorkersMapIt() throws Exception {
        WorkerClassArchive archive = WorkerClassArchive.in(dir.resolve("cache"), command);
        List<String> first = archive.optionsFor("blue-1");
        List<String> second = archive.optionsFor("blue-2");
        assertThat(recording(first)).isNotEqualTo(recording(second));

        assertThat(run(first)).isZero();
        assertThat(run(second)).isZero();
        archive.exited("blue-9", 0);
        assertThat(archive.archive()).as("only a recorder's exit counts").doesNotExist();
        archive.exited("blue-2", 0);
        assertThat(archive.archive()).isRegularFile();
        archive.exited("blue-1", 0);
        assertThat(recording(first)).as("a later recording is dropped").doesNotExist();

        List<String> later = archive.optionsFor("blue-3");
        assertThat(later).contains(MAP + archive.archive()).noneMatch(o -> o.startsWith(RECORD));
        assertThat(run(later)).isZero();
    }

    @Test
    void atMostFourWorkersRecordAtOnceAndBrokenRecordingsOfAnEarlierServerAreDeleted() throws IOException {
        WorkerClassArchive archive = WorkerClassArchive.in(dir, command);
        for (int i = 1; i <= 4; i++) {
            Files.write(recording(archive.optionsFor("blue-" + i)), new byte[] {1});
        }
        assertThat(archive.optionsFor("blue-5")).isEmpty();
        WorkerClassArchive.in(dir, command);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".recording-"));
        }
    }

    @Test
    void aWholeRecordingLeftByAnEarlierServerBecomesTheArchiveAtStart() throws Exception {
        Path cache = dir.resolve("cache");
        List<String> options = WorkerClassArchive.in(cache, command).optionsFor("blue-1");
        assertThat(run(options)).isZero(); // the server stopped before it saw this exit
        Path broken = cache.resolve(recording(options).getFileName().toString().replace("blue-1", "blue-2"));
        Files.write(broken, new byte[64 * 1024]);

        WorkerClassArchive restarted = WorkerClassArchive.in(cache, command);

        assertThat(restarted.archive()).isRegularFile();
        assertThat(recording(options)).doesNotExist();
        assertThat(broken).doesNotExist();
        assertThat(run(restarted.optionsFor("blue-3"))).isZero();
    }

    @Test
    void aRecordingWithACorruptRegionIsNotKept() throws Exception {
        Path cache = dir.resolve("cache");
        WorkerClassArchive archive = WorkerClassArchive.in(cache, command);
        List<String> options = archive.optionsFor("blue-1");
        assertThat(run(options)).isZero();
        Path recording = recording(options);
        byte[] bytes = Files.readAllBytes(recording);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= (byte) 0xff; // a torn write in the middle: the header still reads
        }
        recording.toFile().setWritable(true);
        Files.write(recording, bytes);
        archive.exited("blue-1", 0);
        assertThat(archive.archive()).doesNotExist();
    }

    @Test
    void theRecordingOfAWorkerThatDidNotExitCleanlyIsDroppedAndTheNextWorkerRecords() throws IOException {
        WorkerClassArchive archive = WorkerClassArchive.in(dir, command);
        Path recording = recording(archive.optionsFor("blue-1"));
        Files.write(recording, new byte[] {1, 2, 3});
        archive.exited("blue-1", 137);
        assertThat(recording).doesNotExist();
        assertThat(archive.archive()).doesNotExist();
        assertThat(archive.optionsFor("blue-2")).anyMatch(o -> o.startsWith(RECORD));
    }

    @Test
    void aRecordingNoJvmCanMapIsNotKept() throws IOException {
        WorkerClassArchive archive = WorkerClassArchive.in(dir, command);
        Path recording = recording(archive.optionsFor("blue-1"));
        Files.write(recording, new byte[64 * 1024]); // as a dump cut short would leave it
        archive.exited("blue-1", 0);
        assertThat(archive.archive()).doesNotExist();
        assertThat(archive.optionsFor("blue-2")).anyMatch(o -> o.startsWith(RECORD));
    }

    @Test
    void aClassPathWithAFolderHasNoArchive() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "not empty");
        WorkerClassArchive archive = WorkerClassArchive.in(dir.resolve("cache"),
                new WorkerCommand(JAVA, command.classPath() + java.io.File.pathSeparator + classes, List.of()));
        assertThat(archive.optionsFor("blue-1")).isEmpty();
    }

    @Test
    void aChangedJarOrAnotherClassPathNamesAnotherArchive() throws IOException {
        Path jar = Files.write(dir.resolve("a.jar"), new byte[] {1});
        WorkerCommand one = new WorkerCommand(JAVA, dir + "/*", List.of());
        String before = WorkerClassArchive.key(one);
        assertThat(WorkerClassArchive.key(one)).isEqualTo(before);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertThat(WorkerClassArchive.key(one)).isNotEqualTo(before);
        assertThat(WorkerClassArchive.key(new WorkerCommand(JAVA, jar.toString(), List.of())))
                .isNotEqualTo(WorkerClassArchive.key(one));
    }

    private static Path recording(List<String> options) {
        return Path.of(options.stream().filter(o -> o.startsWith(RECORD)).findFirst().orElseThrow()
                .substring(RECORD.length()));
    }

    private int run(List<String> options) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(command.javaExecutable().toString());
        argv.addAll(options);
        argv.addAll(List.of("-cp", command.classPath(), ExitAtOnce.class.getName()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** Loads a few classes, as a worker would many, and exits cleanly. */
    public static final class ExitAtOnce {
        public static void main(String[] args) {
            System.out.println(new java.util.TreeMap<>(java.util.Map.of("a", 1)));
        }
    }
}
