package dev.sluice.controlplane.artifacts;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.artifact.ArtifactEntry;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks one uploaded zip into a folder, hashing each file as it is written. Sizes and counts are those
 * actually written, never those the zip claims, so a zip bomb stops at the limit.
 */
final class ZipExtraction {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path folder;
    private final long maxBytes;
    private final int maxFiles;
    private final List<ArtifactEntry> entries = new ArrayList<>();
    private long totalBytes;

    private ZipExtraction(Path folder, long maxBytes, int maxFiles) {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    /**
     * Extracts {@code zip} into the empty {@code folder} and returns the files written.
     *
     * @throws SluiceException BAD_ARGUMENT for a broken zip, an unsafe or duplicate name;
     *                         PAYLOAD_TOO_LARGE beyond {@code maxBytes} or {@code maxFiles}
     */
    static List<ArtifactEntry> extract(Path zip, Path folder, long maxBytes, int maxFiles) throws IOException {
        ZipExtraction extraction = new ZipExtraction(folder, maxBytes, maxFiles);
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> all = zipFile.entries();
            while (all.hasMoreElements()) {
                extraction.write(zipFile, all.nextElement());
            }
        } catch (ZipException | IllegalArgumentException e) {
            // IllegalArgumentException: ZipFile's answer to entry names that are not valid UTF-8.
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT,
                    "artifact upload: not a readable zip file (" + e.getMessage() + ") (expected: a zip of the folder)",
                    "artifact");
        }
        return List.copyOf(extraction.entries);
    }

    private void write(ZipFile zipFile, ZipEntry entry) throws IOException {
        String name = entry.getName();
        if (entry.isDirectory()) {
            String directory = name.substring(0, name.length() - 1);
            if (!directory.isEmpty()) {
                try {
                    Files.createDirectories(inside(ArtifactEntry.requireSafePath(directory)));
                } catch (FileAlreadyExistsException e) {
                    throw SluiceException.badArgument("artifact entry", name, "no file and folder of the same name");
                }
            }
            return;
        }
        Path target = inside(ArtifactEntry.requireSafePath(name));
        if (entries.size() >= maxFiles) {
            throw SluiceException.of(ErrorCode.PAYLOAD_TOO_LARGE, "artifact upload: more than " + maxFiles
                    + " files (expected: at most " + maxFiles + ")", "artifact");
        }
        MessageDigest sha = ArtifactDigest.sha256();
        long size = 0;
        try {
            Files.createDirectories(target.getParent());
            try (InputStream in = zipFile.getInputStream(entry);
                 OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    size += n;
                    countBytes(n);
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
        } catch (FileAlreadyExistsException e) {
            // Either the zip names the file twice, or a file and a folder share a name ("a" and "a/b").
            throw Files.isRegularFile(target)
                    ? SluiceException.badArgument("artifact entry", name, "each file once in the zip")
                    : SluiceException.badArgument("artifact entry", name, "no file and folder of the same name");
        } catch (ZipException e) {
            throw SluiceException.badArgument("artifact entry", name, "readable zip data (" + e.getMessage() + ")");
        }
        entries.add(new ArtifactEntry(name, size, HexFormat.of().formatHex(sha.digest())));
    }

    private void countBytes(int n) {
        totalBytes += n;
        if (totalBytes > maxBytes) {
            throw SluiceException.of(ErrorCode.PAYLOAD_TOO_LARGE, "artifact upload: more than " + maxBytes
                    + " bytes once extracted (expected: at most " + maxBytes + " bytes)", "artifact");
        }
    }

    /** Belt and braces after {@link ArtifactEntry#requireSafePath}: the file must land inside the folder. */
    private Path inside(String relative) {
        Path target = folder.resolve(relative).normalize();
        if (!target.startsWith(folder) || target.equals(folder)) {
            throw SluiceException.badArgument("artifact entry", relative, "a path inside the artifact folder");
        }
        return target;
    }
}
