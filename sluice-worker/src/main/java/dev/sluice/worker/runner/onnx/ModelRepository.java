package dev.sluice.worker.runner.onnx;

import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the ONNX models of a Triton-style model repository: {@code <model name>/<version>/model.onnx}.
 * The uploaded folder usually wraps the repository ({@code AZUREML_MODEL_DIR/models/<name>/1/model.onnx}), so
 * the search descends through folders that hold exactly one folder until it finds model folders.
 * {@code config.pbtxt} files are ignored: ONNX Runtime reads the signature from the model itself.
 *
 * @param root   the folder whose subfolders are the model folders
 * @param models model name → version → model file
 */
public record ModelRepository(Path root, Map<String, NavigableMap<Long, Path>> models) {

    public static final String MODEL_FILE = "model.onnx";
    private static final int MAX_WRAPPING_FOLDERS = 4;

    public ModelRepository {
        models = Map.copyOf(models);
    }

    /** Searches {@code modelDir} and, where it holds a single folder, that folder, a few levels deep. */
    public static ModelRepository find(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            throw SluiceException.badArgument("model.path", modelDir, "a folder holding <model name>/<version>/model.onnx");
        }
        Path dir = modelDir;
        for (int depth = 0; depth <= MAX_WRAPPING_FOLDERS; depth++) {
            Map<String, NavigableMap<Long, Path>> models = scan(dir);
            if (!models.isEmpty()) {
                return new ModelRepository(dir, models);
            }
            List<Path> folders = folders(dir);
            if (folders.size() != 1) {
                break;
            }
            dir = folders.get(0);
        }
        throw SluiceException.badArgument("model.path", "no ONNX model under " + modelDir,
                "a Triton model repository: <model name>/<version>/" + MODEL_FILE);
    }

    private static Map<String, NavigableMap<Long, Path>> scan(Path dir) {
        Map<String, NavigableMap<Long, Path>> models = new TreeMap<>();
        for (Path modelFolder : folders(dir)) {
            NavigableMap<Long, Path> versions = new TreeMap<>();
            for (Path versionFolder : folders(modelFolder)) {
                Long version = version(versionFolder.getFileName().toString());
                Path file = versionFolder.resolve(MODEL_FILE);
                if (version != null && Files.isRegularFile(file)) {
                    versions.put(version, file);
                }
            }
            if (!versions.isEmpty()) {
                models.put(modelFolder.getFileName().toString(), versions);
            }
        }
        return models;
    }

    private static Long version(String name) {
        if (name.isEmpty() || name.length() > 18 || !name.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(name);
    }

    private static List<Path> folders(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
