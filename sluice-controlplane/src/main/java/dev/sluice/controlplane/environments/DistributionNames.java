package dev.sluice.controlplane.environments;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Sluice knows about package names: conda names that pip spells differently, import names that differ from the
 * distribution name (used when a distribution's metadata does not say), the packages Sluice itself replaces, and
 * conda packages that are no Python distributions at all.
 */
final class DistributionNames {

    /** Azure's inference server and its wrappers: Sluice's worker and runner take their place. */
    private static final Set<String> REPLACED = Set.of("azureml-inference-server-http", "azureml-defaults",
            "azureml-contrib-services", "azureml-inference-server");

    /**
     * Needed only by scripts that import it; Sluice itself does not (it loads MLflow's sklearn pickles with pickle,
     * without mlflow or cloudpickle), so its absence is a warning.
     */
    private static final Set<String> OPTIONAL = Set.of("inference-schema", "mlflow", "mlflow-skinny", "cloudpickle");

    /** The interpreter and the installer themselves, which a venv of the base interpreter already has. */
    private static final Set<String> TOOLCHAIN = Set.of("python", "pip", "setuptools", "wheel");

    private static final Map<String, String> CONDA_TO_PIP = Map.of("pytorch", "torch", "pytorch-cpu", "torch",
            "py-xgboost", "xgboost", "py-lightgbm", "lightgbm", "tensorflow-base", "tensorflow",
            "pytorch-lightning", "pytorch-lightning", "matplotlib-base", "matplotlib");

    private static final Map<String, List<String>> IMPORTS = Map.ofEntries(
            Map.entry("scikit-learn", List.of("sklearn")),
            Map.entry("scikit-image", List.of("skimage")),
            Map.entry("pyyaml", List.of("yaml")),
            Map.entry("pillow", List.of("PIL")),
            Map.entry("opencv-python", List.of("cv2")),
            Map.entry("opencv-python-headless", List.of("cv2")),
            Map.entry("beautifulsoup4", List.of("bs4")),
            Map.entry("python-dateutil", List.of("dateutil")),
            Map.entry("protobuf", List.of("google.protobuf")),
            Map.entry("attrs", List.of("attr")),
            Map.entry("msgpack-python", List.of("msgpack")),
            Map.entry("tensorflow-cpu", List.of("tensorflow")),
            Map.entry("mlflow-skinny", List.of("mlflow")),
            Map.entry("inference-schema", List.of("inference_schema")));

    /** System libraries and tools that conda installs next to Python packages; pip has nothing to say about them. */
    private static final Set<String> CONDA_SYSTEM = Set.of("cudatoolkit", "cudnn", "cuda", "nccl", "mkl",
            "mkl-service", "intel-openmp", "openblas", "blas", "openssl", "ca-certificates", "ncurses", "readline",
            "sqlite", "tk", "xz", "zlib", "nodejs", "gcc", "gxx", "cmake", "make", "git", "tzdata", "bzip2");

    private DistributionNames() {
    }

    static boolean isReplacedBySluice(String distribution) {
        return REPLACED.contains(distribution);
    }

    static boolean isOptional(String distribution) {
        return OPTIONAL.contains(distribution);
    }

    static boolean isToolchain(String distribution) {
        return TOOLCHAIN.contains(distribution);
    }

    /** A conda entry that is a system library ({@code libgcc-ng}, {@code _openmp_mutex}, {@code cudatoolkit}). */
    static boolean isCondaSystemPackage(String normalized) {
        return normalized.startsWith("lib") || normalized.startsWith("-") || normalized.startsWith("ld-impl")
                || CONDA_SYSTEM.contains(normalized);
    }

    static String pipNameOfConda(String normalized) {
        return CONDA_TO_PIP.getOrDefault(normalized, normalized);
    }

    /** Import names to try before those the distribution's own metadata lists. */
    static List<String> knownImports(String distribution) {
        return IMPORTS.getOrDefault(distribution, List.of());
    }
}
