package dev.sluice.cli.artifacts;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.artifact.ArtifactEntry;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

/**
 * The files of one artifact with their entry paths, sizes and SHA-256s (docs/internals.md, "Artifacts"):
 * a model folder keeps its own name ({@code model/…}), a code folder contributes its contents, a single file
 * contributes itself. Python caches ({@code __pycache__/}, {@code *.pyc}) are left out: they differ from
 * machine to machine and would change the digest for nothing.
 */
public record ArtifactTree(Path origin, List<ArtifactFile> files) {

    private static final int BUFFER = 64 * 1024;

    public ArtifactTree {
        files = files.stream().sorted(Comparator.comparing(f -> f.entry().path())).toList();
    }

    /** {@code model.path}: a folder keeps its name as the top entry; a file is the one entry. */
    public static ArtifactTree model(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            return file(absolute);
        }
        if (absolute.getFileName() == null) {
            throw SluiceException.badArgument("model.path", absolute, "a folder with a name, not the root folder");
        }
        return new ArtifactTree(absolute, walk(absolute, absolute.getFileName().toString() + "/"));
    }

    /** {@code code_configuration.code}: a folder contributes its contents; a file is the one entry. */
    public static ArtifactTree contents(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return Files.isDirectory(absolute) ? new ArtifactTree(absolute, walk(absolute, "")) : file(absolute);
    }

    /** {@code environment.conda_file}, or any single file: one entry named as the file. */
    public static ArtifactTree file(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        ArtifactEntry entry = entry(absolute, absolute.getFileName().toString());
        return new ArtifactTree(absolute, List.of(new ArtifactFile(absolute, entry)));
    }

    public List<ArtifactEntry> entries() {
        return files.stream().map(ArtifactFile::entry).toList();
    }

    /** The content address the server will compute again from the upload. */
    public ArtifactRef ref() {
        return ArtifactDigest.of(entries());
    }

    public long totalBytes() {
        return files.stream().mapToLong(f -> f.entry().size()).sum();
    }

    private static List<ArtifactFile> walk(Path root, String prefix) {
        List<ArtifactFile> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return isIgnored(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && !isIgnored(file)) {
                                String path = prefix + relativePath(root, file);
                                found.add(new ArtifactFile(file, entry(file, path)));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            throw e;
                        }
                    });
        } catch (FileSystemLoopException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, root + ": a symbolic link loops back to "
                    + e.getFile() + " (expected: a folder tree without link cycles)");
        } catch (IOException | UncheckedIOException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "cannot read " + root + ": " + e.getMessage());
        }
        return found;
    }

    private static boolean isIgnored(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.equals("__pycache__") || name.endsWith(".pyc");
    }

    private static String relativePath(Path root, Path file) {
        StringBuilder out = new StringBuilder();
        for (Path segment : root.relativize(file)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        return out.toString();
    }

    private static ArtifactEntry entry(Path file, String path) {
        MessageDigest sha = ArtifactDigest.sha256();
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "cannot read " + file + ": " + e.getMessage());
        }
        return new ArtifactEntry(path, size, HexFormat.of().formatHex(sha.digest()));
    }
}
