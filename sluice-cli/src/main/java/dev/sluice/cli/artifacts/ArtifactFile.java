package dev.sluice.cli.artifacts;

import dev.sluice.core.artifact.ArtifactEntry;
import java.nio.file.Path;

/** One file of an artifact: where it is on this machine and what the artifact calls it. */
public record ArtifactFile(Path source, ArtifactEntry entry) {
}
