package dev.sluice.cli.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A spec as a JSON tree before it is bound: read from a YAML file, or taken from the server and changed.
 * Commands change {@link #tree()} in place ({@code -n}, {@code --set}, …) before {@link SpecFiles} binds it.
 *
 * @param tree    the document (mutable)
 * @param baseDir the folder that relative paths in it are relative to (the YAML file's folder)
 * @param label   the file as the user named it, prefixed to every error; null when there is no file
 */
public record SpecDocument(ObjectNode tree, Path baseDir, String label) {

    public SpecDocument {
        Objects.requireNonNull(tree, "tree");
        baseDir = baseDir.toAbsolutePath().normalize();
    }

    /** A document with no file behind it (the server's current spec); relative paths are relative to {@code baseDir}. */
    public static SpecDocument of(ObjectNode tree, Path baseDir) {
        return new SpecDocument(tree, baseDir, null);
    }
}
