package dev.sluice.controlplane.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.mlflow.MlflowModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads an uploaded artifact as an MLflow model: finds its one {@code MLmodel} and parses it, so that a model
 * without a flavour Sluice can serve is refused when it is registered or deployed, not when an instance starts.
 */
public final class MlflowModels {

    /** The folder that holds {@code MLmodel} and what it says. */
    public record Found(Path folder, MlflowModel model) {
    }

    private static final int MAX_DEPTH = 8;
    private final YAMLMapper yaml = new YAMLMapper();

    /**
     * @param field the spec field the artifact came from ({@code model.path}), named by every error
     * @throws SluiceException BAD_ARGUMENT naming the field or the MLmodel key that is wrong
     */
    public Found read(Path artifactDir, String field) {
        String folder = MlflowModel.folderOf(relativeFiles(artifactDir), field);
        Path dir = folder.isEmpty() ? artifactDir : artifactDir.resolve(folder);
        JsonNode tree;
        try {
            tree = yaml.readTree(dir.resolve(MlflowModel.FILE).toFile());
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, field + ": " + folder + "/" + MlflowModel.FILE
                    + " is not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")", field);
        }
        try {
            return new Found(dir, MlflowModel.parse(tree));
        } catch (SluiceException e) {
            throw e.prefixed(field);
        }
    }

    private static List<String> relativeFiles(Path root) {
        try (Stream<Path> files = Files.walk(root, MAX_DEPTH)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}
