package dev.sluice.controlplane.environments;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Azure's curated environments ({@code azureml:AzureML-sklearn-1.5:1}) cannot be fetched; their names say which
 * framework they carry, which is enough to prefer a base interpreter that has it.
 */
final class CuratedEnvironments {

    private static final Map<String, List<String>> BY_KEYWORD = Map.of(
            "sklearn", List.of("scikit-learn", "joblib", "numpy"),
            "pytorch", List.of("torch", "numpy"),
            "tensorflow", List.of("tensorflow", "numpy"),
            "lightgbm", List.of("lightgbm", "numpy"),
            "xgboost", List.of("xgboost", "numpy"),
            "mlflow", List.of("mlflow"));

    private CuratedEnvironments() {
    }

    /** The distributions an environment's name suggests (possibly none), normalized. */
    static List<String> packagesOf(String reference) {
        String name = reference.toLowerCase(Locale.ROOT);
        return BY_KEYWORD.entrySet().stream().filter(e -> name.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).distinct().sorted().toList();
    }
}
