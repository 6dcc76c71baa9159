package dev.sluice.controlplane.environments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployment's storage-initializer log ({@code get-logs --container storage-initializer}): the resolver's own
 * lines, time-stamped, between which the output of venv and pip is appended as it comes.
 */
final class BuildLog {

    private static final Logger LOG = LoggerFactory.getLogger(BuildLog.class);

    private final Path file;
    private final Clock clock;

    BuildLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    Path file() {
        return file;
    }

    /** Appends one line; a log that cannot be written is reported in the server log, never fails the build. */
    void line(String message) {
        String text = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + message + System.lineSeparator();
        try {
            Files.createDirectories(file.getParent());
            synchronized (this) {
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            LOG.warn("cannot write {}: {} ({})", file, e.getMessage(), message);
        }
    }
}
