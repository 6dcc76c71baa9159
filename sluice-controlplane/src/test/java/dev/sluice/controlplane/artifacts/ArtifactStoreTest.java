package dev.sluice.controlplane.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    private static final long LIMIT = 64 * 1024;

    @TempDir
    Path folder;
    DataDir dataDir;
    ArtifactStore store;

    @BeforeEach
    void setUp() {
        dataDir = new DataDir(folder.resolve("data"));
        store = ArtifactStore.create(dataDir, LIMIT);
    }

    @Test
    void storesTheTreeReadOnlyUnderItsDigest() throws IOException {
        Map<String, byte[]> files = Zips.files("model/model.txt", "weights", "model/sub/config.json", "{}", "README", "hi");
        ArtifactRef ref = Zips.digest(files);
        assertThat(store.exists(ref)).isFalse();

        assertThat(store.store(ref, Zips.writeZip(folder, files))).isEqualTo(ArtifactStore.Outcome.CREATED);

        Path root = store.path(ref);
        assertThat(root).isEqualTo(dataDir.artifacts().resolve(ref.hex()));
        assertThat(store.exists(ref)).isTrue();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path stored = root.resolve(file.getKey());
            assertThat(stored).hasBinaryContent(file.getValue());
            assertThat(Files.getPosixFilePermissions(stored)).as(file.getKey() + " is read-only")
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                            PosixFilePermission.OTHERS_READ);
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theSameUploadTwiceIsStoredOnce() throws IOException {
        Map<String, byte[]> files = Zips.files("score.py", "print(1)");
        ArtifactRef ref = Zips.digest(files);

        assertThat(store.store(ref, Zips.writeZip(folder, files))).isEqualTo(ArtifactStore.Outcome.CREATED);
        assertThat(store.store(ref, Zips.writeZip(folder, files))).isEqualTo(ArtifactStore.Outcome.ALREADY_PRESENT);

        try (Stream<Path> children = Files.list(dataDir.artifacts())) {
            assertThat(children).containsExactly(dataDir.artifact(ref));
        }
    }

    @Test
    void refusesADigestMismatchNamingBoth() {
        Map<String, byte[]> files = Zips.files("score.py", "print(1)");
        ArtifactRef claimed = Zips.digest(Zips.files("score.py", "print(2)"));
        ArtifactRef actual = Zips.digest(files);

        assertThatThrownBy(() -> store.store(claimed, Zips.writeZip(folder, files)))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("artifact " + claimed + ": the uploaded files have digest "
                            + actual + " (expected: " + claimed + ", the digest in the request path)");
                });
        assertThat(store.exists(claimed)).isFalse();
        assertThat(store.exists(actual)).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void refusesPathsThatLeaveTheFolder() {
        for (String evil : List.of("../evil.txt", "model/../../evil.txt", "/tmp/evil.txt", "a\\..\\evil.txt")) {
            Map<String, byte[]> files = Zips.files("ok.txt", "fine", evil, "owned");
            assertThatThrownBy(() -> store.store(Zips.digest(Zips.files("ok.txt", "fine")), Zips.writeZip(folder, files)))
                    .as(evil)
                    .isInstanceOfSatisfying(SluiceException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                        assertThat(e.getMessage()).startsWith("artifact entry: " + evil + " (expected: ");
                    });
        }
        assertThat(folder.resolve("evil.txt")).doesNotExist();
        assertThat(dataDir.root().resolve("evil.txt")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void refusesMoreThanTheByteLimitOnceExtracted() {
        // Zeros compress well: the zip is small, the tree is not.
        Map<String, byte[]> files = Map.of("big.bin", new byte[(int) LIMIT + 1]);
        assertThatThrownBy(() -> store.store(Zips.digest(files), Zips.writeZip(folder, files)))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
                    assertThat(e.getMessage()).isEqualTo("artifact upload: more than " + LIMIT
                            + " bytes once extracted (expected: at most " + LIMIT + " bytes)");
                });
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAZip() throws IOException {
        Path notZip = Files.writeString(folder.resolve("not.zip"), "hello, I am text");
        assertThatThrownBy(() -> store.store(Zips.digest(Map.of()), notZip))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                    assertThat(e.getMessage()).startsWith("artifact upload: not a readable zip file")
                            .endsWith("(expected: a zip of the folder)");
                });
    }

    @Test
    void refusesAFileAndAFolderOfTheSameName() {
        Map<String, byte[]> files = Zips.files("a", "file", "a/b", "nested");
        assertThatThrownBy(() -> store.store(Zips.digest(files), Zips.writeZip(folder, files)))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("artifact entry: a/b (expected: no file and folder of the same name)"));
    }

    @Test
    void pathOfAMissingArtifactIsNotFound() {
        ArtifactRef ref = Zips.digest(Zips.files("x", "y"));
        assertThatThrownBy(() -> store.path(ref)).isInstanceOfSatisfying(SluiceException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void concurrentUploadsOfTheSameArtifactStoreItOnce() throws Exception {
        Map<String, byte[]> files = Zips.files("model/a.txt", "a".repeat(5000), "model/b.txt", "b".repeat(5000));
        ArtifactRef ref = Zips.digest(files);
        int uploads = 8;
        List<Path> zips = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            zips.add(Zips.writeZip(folder, files));
        }
        CyclicBarrier start = new CyclicBarrier(uploads);
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        try {
            List<Callable<ArtifactStore.Outcome>> calls = new ArrayList<>();
            for (Path zip : zips) {
                calls.add(() -> {
                    start.await();
                    return store.store(ref, zip);
                });
            }
            List<ArtifactStore.Outcome> outcomes = new ArrayList<>();
            for (Future<ArtifactStore.Outcome> result : pool.invokeAll(calls)) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).containsOnlyOnce(ArtifactStore.Outcome.CREATED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.path(ref).resolve("model/a.txt")).hasContent("a".repeat(5000));
        assertThat(new String(Files.readAllBytes(store.path(ref).resolve("model/b.txt")), StandardCharsets.UTF_8))
                .isEqualTo("b".repeat(5000));
        assertThat(leftovers()).isEmpty();
    }

    private List<Path> leftovers() {
        try (Stream<Path> children = Files.list(dataDir.artifacts())) {
            return children.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
