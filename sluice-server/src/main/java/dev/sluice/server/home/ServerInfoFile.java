package dev.sluice.server.home;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.ServerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes {@code server.json} atomically once both ports are bound, and removes it on shutdown. */
public final class ServerInfoFile {

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ServerInfoFile(Path file) {
        this.file = file;
    }

    public static ServerInfoFile at(Path file) {
        return new ServerInfoFile(file);
    }

    public void write(ServerInfo info) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".server", ".tmp");
            json.writeValue(tmp.toFile(), info);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot write " + file, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Best effort at shutdown; a stale file names a pid that is gone, which the CLI reports.
        }
    }
}
