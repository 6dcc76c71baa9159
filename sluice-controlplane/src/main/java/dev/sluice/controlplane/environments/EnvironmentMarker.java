package dev.sluice.controlplane.environments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Written last into a built environment's folder: an environment folder without it is incomplete (a build that
 * was interrupted) and is built again. The notes are replayed into the log of every deployment that reuses it.
 *
 * @param python  the environment's interpreter
 * @param base    the interpreter it was built from
 * @param version that interpreter's Python version
 * @param file    the environment file's name
 * @param builtAt when the build finished (ISO-8601)
 * @param notes   the build's findings (versions that differ from a pin, packages Sluice replaces, ...)
 */
record EnvironmentMarker(String python, String base, String version, String file, String builtAt, List<String> notes) {

    static final String NAME = "sluice-environment.json";

    EnvironmentMarker {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The marker of a complete environment whose interpreter still exists, or empty. */
    static Optional<EnvironmentMarker> read(Path dir, ObjectMapper json) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            EnvironmentMarker marker = json.readValue(file.toFile(), EnvironmentMarker.class);
            return marker.python() != null && Files.exists(Path.of(marker.python())) ? Optional.of(marker)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the marker atomically, so that a reader sees either none or all of it. */
    void write(Path dir, ObjectMapper json) throws IOException {
        Path temp = dir.resolve(NAME + ".tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
        Files.move(temp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
