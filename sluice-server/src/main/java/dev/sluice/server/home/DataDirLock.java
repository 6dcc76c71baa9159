package dev.sluice.server.home;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per data folder: two would fight over the same workers and database. The operating system
 * releases the lock when the process dies, even by {@code kill -9}.
 */
public final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve("server.lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw SluiceException.of(ErrorCode.CONFLICT, "another sluice server is running on the data folder "
                        + dataDir + " (see its server.json); stop it or use --data-dir for a second one");
            }
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Null when another process, or another server in this JVM, holds the lock. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }
}
