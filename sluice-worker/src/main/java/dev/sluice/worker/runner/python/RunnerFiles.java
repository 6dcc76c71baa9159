package dev.sluice.worker.runner.python;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The Python runner's files, shipped as resources of this jar and copied into the instance's work folder at init,
 * where the interpreter can run them (a jar is no folder to Python).
 */
public final class RunnerFiles {

    /** Where the files live on the class path. */
    static final String RESOURCE_ROOT = "dev/sluice/worker/python/";
    /** The script the interpreter runs. */
    static final String MAIN = "sluice_runner.py";
    /** The folder of the instance's work folder that the files are copied into. */
    public static final String FOLDER = "python-runner";
    /** The scoring script that serves an MLflow model without code (the runner loads it like a score.py). */
    public static final String MLFLOW_SCRIPT = "sluice_mlflow.py";
    /** Every file, relative to {@link #RESOURCE_ROOT}: a jar cannot list a folder, so they are named here. */
    static final List<String> FILES = List.of(
            MAIN,
            "sluice_protocol.py",
            "sluice_encoding.py",
            MLFLOW_SCRIPT,
            "sluice_egress.py",
            "azureml/__init__.py",
            "azureml/contrib/__init__.py",
            "azureml/contrib/services/__init__.py",
            "azureml/contrib/services/aml_response.py",
            "azureml/contrib/services/aml_request.py",
            "azureml_inference_server_http/__init__.py",
            "azureml_inference_server_http/api/__init__.py",
            "azureml_inference_server_http/api/aml_response.py",
            "azureml_inference_server_http/api/aml_request.py");

    private RunnerFiles() {
    }

    /**
     * Copies every file into {@code dir} (replacing older copies) and returns the path of the runner script.
     *
     * @throws SluiceException when a resource is missing from the jar or the folder cannot be written
     */
    public static Path extract(Path dir) {
        ClassLoader loader = RunnerFiles.class.getClassLoader();
        try {
            for (String file : FILES) {
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + file)) {
                    if (in == null) {
                        throw SluiceException.of(ErrorCode.INTERNAL, "the worker's class path lacks "
                                + RESOURCE_ROOT + file + " (expected: inside the sluice-worker jar)");
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INIT_FAILED, "cannot write the Python runner into " + dir + ": "
                    + e.getMessage(), e);
        }
        return dir.resolve(MAIN);
    }
}
