package dev.sluice.core.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What Sluice reads from an MLflow model folder's {@code MLmodel} file (YAML, read by the caller into a tree): the
 * flavour it serves the model with, the input signature to enforce, and the environment file the model names.
 * Pure: the caller finds and reads the file ({@link #folderOf} says where it is among an artifact's files).
 *
 * @param flavour   how the model is served
 * @param signature the input signature, or null when the model has none (inputs are then not checked)
 * @param condaFile {@code python_function.env} (its {@code conda} entry), relative to the model folder, or null
 */
public record MlflowModel(MlflowFlavour flavour, MlflowSignature signature, String condaFile) {

    /** The file that makes a folder an MLflow model. */
    public static final String FILE = "MLmodel";
    private static final String SKLEARN_LOADER = "mlflow.sklearn";

    /**
     * The folder (relative, {@code ""} for the top) that holds the one {@code MLmodel} among an artifact's file
     * paths ({@code model/MLmodel} → {@code model}).
     *
     * @throws SluiceException BAD_ARGUMENT naming {@code field} when there is none, or more than one
     */
    public static String folderOf(List<String> paths, String field) {
        List<String> found = paths.stream().filter(p -> p.equals(FILE) || p.endsWith("/" + FILE))
                .map(p -> p.substring(0, p.length() - FILE.length())).map(p -> p.endsWith("/")
                        ? p.substring(0, p.length() - 1) : p).sorted().toList();
        if (found.isEmpty()) {
            throw SluiceException.badArgument(field, "no " + FILE + " file", "an MLflow model folder (model/"
                    + FILE + ", model/conda.yaml, …) for type mlflow_model");
        }
        if (found.size() > 1 && !found.get(0).isEmpty()) {
            throw SluiceException.badArgument(field, found.size() + " " + FILE + " files (" + found + ")",
                    "one MLflow model per model.path");
        }
        return found.get(0);
    }

    /** Reads the parsed {@code MLmodel} tree; errors name the key and what Sluice can serve. */
    public static MlflowModel parse(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw invalid("the file is not a YAML mapping (expected: flavors: and optionally signature:)", FILE);
        }
        JsonNode flavors = tree.path("flavors");
        if (!flavors.isObject() || flavors.isEmpty()) {
            throw invalid("flavors: " + (flavors.isMissingNode() ? "(missing)" : flavors)
                    + " (expected: a mapping with python_function or onnx)", "MLmodel.flavors");
        }
        MlflowFlavour flavour = flavour(flavors);
        JsonNode inputs = tree.path("signature").path("inputs");
        MlflowSignature signature = inputs.isTextual() && !inputs.asText().isBlank()
                ? MlflowSignature.parse(inputs.asText(), new ObjectMapper()) : null;
        return new MlflowModel(flavour, signature, condaFile(flavors.path("python_function").path("env")));
    }

    private static MlflowFlavour flavour(JsonNode flavors) {
        JsonNode onnx = flavors.get("onnx");
        if (onnx != null) {
            return new MlflowFlavour.Onnx(text(onnx, "data").orElse("model.onnx"));
        }
        JsonNode pyfunc = flavors.get("python_function");
        if (pyfunc == null) {
            TreeSet<String> names = new TreeSet<>();
            flavors.fieldNames().forEachRemaining(names::add);
            throw invalid("flavors: " + String.join(", ", names) + " (expected: python_function or onnx, which"
                    + " Sluice serves without code; or give code_configuration with a score.py)", "MLmodel.flavors");
        }
        String loader = text(pyfunc, "loader_module").orElseThrow(() -> invalid(
                "flavors.python_function.loader_module: (missing) (expected: the module that loads the model)",
                "MLmodel.flavors.python_function.loader_module"));
        JsonNode sklearn = flavors.get("sklearn");
        if (loader.equals(SKLEARN_LOADER) && sklearn != null) {
            return new MlflowFlavour.Sklearn(text(sklearn, "pickled_model").orElse("model.pkl"),
                    text(sklearn, "serialization_format").orElse("cloudpickle"),
                    text(pyfunc, "predict_fn").orElse("predict"));
        }
        return new MlflowFlavour.PythonLoader(loader,
                text(pyfunc, "model_path").or(() -> text(pyfunc, "data")).orElse(null),
                text(pyfunc, "code").orElse(null));
    }

    /** {@code env: conda.yaml} (older MLflow) or {@code env: {conda: conda.yaml, virtualenv: python_env.yaml}}. */
    private static String condaFile(JsonNode env) {
        if (env.isTextual()) {
            return env.asText();
        }
        return text(env, "conda").orElse(null);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static SluiceException invalid(String message, String target) {
        return SluiceException.of(ErrorCode.BAD_ARGUMENT, "MLmodel: " + message, target);
    }
}
