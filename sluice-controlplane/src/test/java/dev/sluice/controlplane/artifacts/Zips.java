package dev.sluice.controlplane.artifacts;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.artifact.ArtifactEntry;
import dev.sluice.core.artifact.ArtifactRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds artifact zips the way the CLI does (a tree of files) and their digests, for tests. */
public final class Zips {

    private Zips() {
    }

    /** Files by relative path, in the order given. */
    public static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    public static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Path writeZip(Path folder, Map<String, byte[]> files) {
        try {
            Path zip = Files.createTempFile(folder, "test-", ".zip");
            Files.write(zip, zip(files));
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ArtifactRef digest(Map<String, byte[]> files) {
        List<ArtifactEntry> entries = files.entrySet().stream()
                .map(f -> new ArtifactEntry(f.getKey(), f.getValue().length,
                        HexFormat.of().formatHex(ArtifactDigest.sha256().digest(f.getValue()))))
                .toList();
        return ArtifactDigest.of(entries);
    }

    /** Uploads {@code files} into {@code store} and answers the reference, as a deployment spec would name it. */
    public static ArtifactRef upload(ArtifactStore store, Path scratch, Map<String, byte[]> files) {
        ArtifactRef ref = digest(files);
        store.store(ref, writeZip(scratch, files));
        return ref;
    }
}
