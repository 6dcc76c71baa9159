package dev.sluice.core.artifact;

import dev.sluice.core.error.SluiceException;

/**
 * One file of an artifact: its relative path (always with {@code /}), size and SHA-256 in hex.
 * Paths are checked here so that no artifact can name a file outside its own folder.
 */
public record ArtifactEntry(String path, long size, String sha256) {

    public ArtifactEntry {
        requireSafePath(path);
    }

    /** Rejects absolute paths, backslashes, empty segments and {@code ..}, which could escape the artifact folder. */
    public static String requireSafePath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
            throw SluiceException.badArgument("artifact entry", path, "a relative path with '/' separators");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw SluiceException.badArgument("artifact entry", path, "a relative path without '.', '..' or '//'");
            }
        }
        return path;
    }
}
