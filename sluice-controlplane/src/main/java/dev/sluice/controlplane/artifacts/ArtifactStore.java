package dev.sluice.controlplane.artifacts;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.artifact.ArtifactEntry;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The content-addressed folders under {@code artifacts/}: {@code artifacts/<hex>/} holds the files whose
 * {@link ArtifactDigest} is {@code <hex>}, read-only. A folder appears in one atomic rename once its digest has
 * been checked, so a folder that exists is always complete, and the same content uploaded twice is stored once.
 */
public final class ArtifactStore {

    /** Temporary files and folders start with this; digests never do, so the two cannot collide. */
    private static final String UPLOAD_PREFIX = ".upload-";
    private static final int MAX_FILES = 100_000;
    /** Uploads abandoned by a crash are removed at start once they are this old. */
    private static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    private static final Set<PosixFilePermission> READ_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final DataDir dataDir;
    private final long maxBytes;

    /** Whether an upload added the artifact or found it there already (the API answers 201 or 200). */
    public enum Outcome { CREATED, ALREADY_PRESENT }

    private ArtifactStore(DataDir dataDir, long maxBytes) {
        this.dataDir = dataDir;
        this.maxBytes = maxBytes;
    }

    /**
     * @param maxBytes the most bytes one artifact may hold once extracted (uploads beyond it are refused)
     */
    public static ArtifactStore create(DataDir dataDir, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        ArtifactStore store = new ArtifactStore(dataDir, maxBytes);
        try {
            Files.createDirectories(dataDir.artifacts());
            store.removeAbandonedUploads(Instant.now().minus(ABANDONED_AFTER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataDir.artifacts(), e);
        }
        return store;
    }

    public boolean exists(ArtifactRef ref) {
        return Files.isDirectory(dataDir.artifact(ref));
    }

    /** The artifact's folder. @throws SluiceException NOT_FOUND when it has not been uploaded */
    public Path path(ArtifactRef ref) {
        if (!exists(ref)) {
            throw SluiceException.of(ErrorCode.NOT_FOUND, "artifact " + ref + " does not exist", "artifact");
        }
        return dataDir.artifact(ref);
    }

    /**
     * A new empty file under {@code artifacts/} to receive an upload's zip: on the same file system as the
     * artifacts and cleaned up with them if the server dies mid-upload. The caller deletes it when done.
     */
    public Path newUploadFile() {
        try {
            return Files.createTempFile(dataDir.artifacts(), UPLOAD_PREFIX, ".zip");
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot create an upload file", e);
        }
    }

    /**
     * A zip of the artifact's files (entry paths as uploaded) in a new temporary file under {@code artifacts/},
     * for a download; the caller deletes it when sent.
     *
     * @throws SluiceException NOT_FOUND when the artifact has not been uploaded
     */
    public Path zipOf(ArtifactRef ref) {
        Path folder = path(ref);
        Path zip = newUploadFile();
        try (Stream<Path> files = Files.walk(folder);
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            deleteTree(zip);
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot archive artifact " + ref, e);
        }
        return zip;
    }

    /**
     * Stores the tree in {@code zipFile} as {@code expected}, unless it is there already.
     *
     * @throws SluiceException BAD_ARGUMENT when the files' digest is not {@code expected}, or the zip is broken or
     *                         names a path outside the folder; PAYLOAD_TOO_LARGE beyond the byte limit
     */
    public Outcome store(ArtifactRef expected, Path zipFile) {
        if (exists(expected)) {
            return Outcome.ALREADY_PRESENT;
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory(dataDir.artifacts(), UPLOAD_PREFIX);
            List<ArtifactEntry> entries = ZipExtraction.extract(zipFile, temp, maxBytes, MAX_FILES);
            ArtifactRef actual = ArtifactDigest.of(entries);
            if (!actual.equals(expected)) {
                throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "artifact " + expected + ": the uploaded files have digest "
                        + actual + " (expected: " + expected + ", the digest in the request path)", "artifact");
            }
            makeReadOnly(temp);
            Outcome outcome = publish(temp, expected);
            if (outcome == Outcome.CREATED) {
                temp = null;
            }
            return outcome;
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot store artifact " + expected, e);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /** The atomic step: a rename. When another upload of the same content won the race, theirs stays. */
    private Outcome publish(Path temp, ArtifactRef ref) throws IOException {
        Path target = dataDir.artifact(ref);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return Outcome.CREATED;
        } catch (IOException e) {
            if (exists(ref)) {
                return Outcome.ALREADY_PRESENT;
            }
            throw e;
        }
    }

    private static void makeReadOnly(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
                if (posix != null) {
                    posix.setPermissions(READ_ONLY);
                } else if (!file.toFile().setWritable(false)) {
                    throw new IOException("cannot make " + file + " read-only");
                }
            }
        }
    }

    private void removeAbandonedUploads(Instant olderThan) throws IOException {
        try (Stream<Path> children = Files.list(dataDir.artifacts())) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (child.getFileName().toString().startsWith(UPLOAD_PREFIX)
                        && Files.getLastModifiedTime(child).compareTo(FileTime.from(olderThan)) < 0) {
                    deleteTree(child);
                }
            }
        }
    }

    /** Best effort: a leftover temporary folder costs disk space, never correctness. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // Left for removeAbandonedUploads at the next start.
        }
    }
}
