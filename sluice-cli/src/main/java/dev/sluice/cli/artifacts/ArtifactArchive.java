package dev.sluice.cli.artifacts;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.artifact.ArtifactEntry;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a downloaded artifact's zip into a new folder and checks that the files have the artifact's digest;
 * a zip that names a path outside the folder, or whose files do not match, leaves nothing behind.
 */
public final class ArtifactArchive {

    private ArtifactArchive() {
    }

    /** @throws SluiceException when the zip is not the artifact {@code expected} (the folder is removed) */
    public static void extract(Path zip, Path target, ArtifactRef expected) throws IOException {
        Files.createDirectories(target);
        try {
            List<ArtifactEntry> entries = new ArrayList<>();
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    if (!entry.isDirectory()) {
                        entries.add(write(in, ArtifactEntry.requireSafePath(entry.getName()), target));
                    }
                }
            }
            ArtifactRef actual = ArtifactDigest.of(entries);
            if (!actual.equals(expected)) {
                throw SluiceException.of(ErrorCode.INTERNAL, "the downloaded files have digest " + actual
                        + " (expected: " + expected + ")");
            }
        } catch (IOException | RuntimeException e) {
            delete(target);
            throw e;
        }
    }

    private static ArtifactEntry write(InputStream in, String path, Path target) throws IOException {
        Path file = target.resolve(path);
        Files.createDirectories(file.getParent());
        MessageDigest sha = ArtifactDigest.sha256();
        long size;
        try (OutputStream out = Files.newOutputStream(file)) {
            size = new DigestInputStream(in, sha).transferTo(out);
        }
        return new ArtifactEntry(path, size, HexFormat.of().formatHex(sha.digest()));
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
