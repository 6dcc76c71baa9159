package dev.sluice.cli.artifacts;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an artifact's files into a zip file on disk (never in memory: models can be large). Only file
 * entries are written, named by their artifact paths; folders follow from the paths.
 */
public final class ArtifactZip {

    /** A fixed time, so the same tree gives the same zip bytes. */
    private static final FileTime EPOCH = FileTime.from(Instant.parse("1980-01-01T00:00:00Z"));

    private ArtifactZip() {
    }

    public static void write(ArtifactTree tree, Path zipFile) {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(zipFile));
             ZipOutputStream zip = new ZipOutputStream(file)) {
            for (ArtifactFile f : tree.files()) {
                ZipEntry entry = new ZipEntry(f.entry().path());
                entry.setLastModifiedTime(EPOCH);
                zip.putNextEntry(entry);
                Files.copy(f.source(), zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.INTERNAL, "cannot write the archive of " + tree.origin() + " to "
                    + zipFile + ": " + e.getMessage());
        }
    }
}
