package dev.sluice.scoring;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link ScoringScript#init} gets to know about its instance.
 *
 * @param modelDir    the folder that contains the uploaded model folder or file, as Azure's {@code AZUREML_MODEL_DIR}
 * @param codeDir     the uploaded {@code code_configuration.code} folder, as Azure's {@code AML_APP_ROOT}
 * @param environment the deployment's {@code environment_variables} plus Azure's own variables
 */
public record ScoringContext(Path modelDir, Path codeDir, Map<String, String> environment) {
    public ScoringContext {
        environment = Map.copyOf(environment);
    }
}
