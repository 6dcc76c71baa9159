package dev.sluice.core.artifact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The content address of a folder: SHA-256 over its files' paths, sizes and SHA-256s, in path order.
 * The CLI computes it before uploading (and skips the upload when the server has it); the server computes
 * it again from what arrived and refuses a mismatch. Empty folders and file modes do not count.
 */
public final class ArtifactDigest {

    private ArtifactDigest() {
    }

    public static ArtifactRef of(List<ArtifactEntry> entries) {
        MessageDigest sha = sha256();
        entries.stream().sorted(Comparator.comparing(ArtifactEntry::path)).forEach(e -> {
            sha.update(e.path().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Long.toString(e.size()).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(e.sha256().getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
        });
        return ArtifactRef.ofHex(HexFormat.of().formatHex(sha.digest()));
    }

    /** A fresh SHA-256 digester (every Java runtime has one). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
