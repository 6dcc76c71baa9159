package dev.sluice.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.worker.WorkerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code address.json} so that whoever watches for it never reads half a file:
 * the JSON goes to a temporary file in the same folder, which is then renamed over the target in one step.
 */
public final class AddressFile {

    private final ObjectMapper mapper;

    public AddressFile(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(Path target, WorkerAddress address) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, mapper.writeValueAsBytes(address));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public WorkerAddress read(Path source) throws IOException {
        return mapper.readValue(source.toFile(), WorkerAddress.class);
    }
}
