package dev.sluice.controlplane.local;

import dev.sluice.core.artifact.ArtifactDigest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker JVM's class archive (AppCDS): classes parsed and verified once, then mapped by every later worker,
 * which about halves a worker's start ({@code bench/worker-start.sh}), and so the time a request waits for a
 * deployment scaled to zero and the time a scale step takes.
 *
 * <p>Until the archive exists, each worker records one as it exits ({@code -XX:ArchiveClassesAtExit}, about half
 * a second more to stop), each to its own file, at most four at a time. The first recording whose worker exited
 * cleanly and that a JVM maps with {@code -Xshare:on} (a truncated archive crashes the JVM that maps it) is renamed
 * into place atomically; later workers map it and record nothing. Recordings are written with CRCs
 * ({@code -XX:+VerifySharedSpaces}) and checked against them, so a recording left by an earlier server (stopped
 * before it saw its workers exit) is kept at start only if it is whole. The name holds a digest of the JVM and of
 * every jar on the class path (size, mtime): a new build or JDK gets a new archive, and the old ones are deleted.
 */
public final class WorkerClassArchive {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerClassArchive.class);
    private static final String PREFIX = "worker-classes-";
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    private static final Duration CHECK_LIMIT = Duration.ofSeconds(60);
    private static final int MAX_RECORDERS = 4;

    private final Path folder;
    private final Path archive;
    private final WorkerCommand command;
    private final boolean jarsOnly;
    private final Set<String> recorders = ConcurrentHashMap.newKeySet();

    private WorkerClassArchive(Path folder, Path archive, WorkerCommand command) {
        this.folder = folder;
        this.archive = archive;
        this.command = command;
        // A JVM asked to archive classes from a folder fails as it exits (run from an IDE, say): no archive then.
        this.jarsOnly = Arrays.stream(command.classPath().split(File.pathSeparator))
                .noneMatch(entry -> Files.isDirectory(Path.of(entry)));
    }

    /** The archive for {@code command}'s JVM and class path, kept in {@code folder}. */
    public static WorkerClassArchive in(Path folder, WorkerCommand command) {
        String key = key(command);
        WorkerClassArchive archive = new WorkerClassArchive(folder, folder.resolve(PREFIX + key + ".jsa"), command);
        archive.keepOneLeftover();
        return archive;
    }

    /** The newest sound recording an earlier server left becomes the archive, if there is none; the rest go. */
    private void keepOneLeftover() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, archive.getFileName() + ".recording-*")) {
            files.forEach(leftovers::add);
            leftovers.sort(Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed());
            for (Path leftover : leftovers) {
                if (jarsOnly && !Files.exists(archive) && mapsCleanly(leftover)) {
                    moveIntoPlace(leftover);
                    LOG.info("worker class archive ready: {}", archive);
                }
                Files.deleteIfExists(leftover);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("worker class archive: cannot look at {}: {}", folder, e.getMessage());
        }
        deleteFiles("*.recording-*"); // an older build's
    }

    /** The JVM options for a worker about to start: map the archive, or record it, or neither. */
    List<String> optionsFor(String instanceId) {
        if (!jarsOnly) {
            return List.of();
        }
        if (Files.isRegularFile(archive)) {
            List<String> options = new ArrayList<>(QUIET);
            options.add("-XX:SharedArchiveFile=" + archive);
            return options;
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            LOG.warn("worker class archive: cannot make {}: {}", folder, e.getMessage());
            return List.of();
        }
        if (recorders.size() >= MAX_RECORDERS) {
            return List.of(); // each recording is ~25 MB of disk until its worker exits
        }
        recorders.add(instanceId);
        List<String> options = new ArrayList<>(QUIET);
        options.add("-XX:+VerifySharedSpaces"); // writes the CRCs that mapsCleanly checks
        options.add("-XX:ArchiveClassesAtExit=" + recording(instanceId));
        return options;
    }

    /** A worker exited; if it was recording, its recording becomes the archive when it is the first sound one. */
    synchronized void exited(String instanceId, int exitCode) {
        if (!recorders.remove(instanceId)) {
            return;
        }
        Path recording = recording(instanceId);
        try {
            if (exitCode == 0 && !Files.exists(archive) && Files.isRegularFile(recording) && mapsCleanly(recording)) {
                moveIntoPlace(recording);
                LOG.info("worker class archive ready: {}", archive);
            } else {
                Files.deleteIfExists(recording);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("worker class archive: {} not kept: {}", recording, e.getMessage());
        }
    }

    Path archive() {
        return archive;
    }

    private Path recording(String instanceId) {
        return folder.resolve(archive.getFileName() + ".recording-" + instanceId);
    }

    private boolean mapsCleanly(Path candidate) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(command.javaExecutable().toString());
        argv.addAll(QUIET);
        argv.addAll(List.of("-Xshare:on", "-XX:+VerifySharedSpaces", "-XX:SharedArchiveFile=" + candidate,
                "-cp", command.classPath(), "-version"));
        Process check = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!check.waitFor(CHECK_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check.destroyForcibly();
            return false;
        }
    }

    private void moveIntoPlace(Path recording) throws IOException {
        try {
            Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(recording, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(folder, PREFIX + "*.jsa")) {
            for (Path file : old) {
                if (!file.equals(archive)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void deleteFiles(String glob) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("worker class archive: cannot clean {}: {}", folder, e.getMessage());
        }
    }

    /** JVM and class path: the archive is only valid for exactly these. */
    static String key(WorkerCommand command) {
        MessageDigest digest = ArtifactDigest.sha256();
        update(digest, command.javaExecutable().toString());
        update(digest, System.getProperty("java.vm.version", ""));
        for (String entry : command.classPath().split(File.pathSeparator)) {
            update(digest, entry);
            for (Path jar : jars(entry)) {
                update(digest, jar + ":" + jar.toFile().length() + ":" + jar.toFile().lastModified());
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static List<Path> jars(String entry) {
        if (!entry.endsWith("*")) {
            return List.of(Path.of(entry));
        }
        Path dir = Path.of(entry.substring(0, entry.length() - 1));
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void update(MessageDigest digest, String part) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
