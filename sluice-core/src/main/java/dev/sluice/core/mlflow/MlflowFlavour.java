package dev.sluice.core.mlflow;

/**
 * How Sluice serves an MLflow model without scoring code, chosen from its {@code MLmodel}'s flavours: the
 * {@code onnx} flavour by ONNX Runtime in the worker, {@code python_function} with the {@code sklearn} flavour
 * by the Python runner's own loader (no {@code mlflow} package needed), any other {@code python_function} by
 * importing its {@code loader_module} in the environment.
 */
public sealed interface MlflowFlavour {

    /** The model's files are relative to the folder that holds {@code MLmodel}. */
    record Onnx(String modelFile) implements MlflowFlavour {
    }

    /**
     * {@code sklearn.pickled_model}, {@code sklearn.serialization_format} ({@code cloudpickle} or {@code pickle})
     * and {@code python_function.predict_fn} (the estimator's method that answers, {@code predict} by default).
     */
    record Sklearn(String pickledModel, String serializationFormat, String predictFn) implements MlflowFlavour {
    }

    /**
     * A {@code python_function} whose loader is imported from the environment: {@code loader_module}'s
     * {@code _load_pyfunc(data)}.
     *
     * @param data the path given to the loader ({@code model_path} or {@code data}), or null
     * @param code the flavour's code folder to put on {@code sys.path}, or null
     */
    record PythonLoader(String loaderModule, String data, String code) implements MlflowFlavour {
    }

    /** True when the flavour runs in Python (and so needs a Python environment). */
    default boolean runsPython() {
        return !(this instanceof Onnx);
    }

    /** {@code onnx}, {@code sklearn} or the loader module, for messages. */
    default String describe() {
        if (this instanceof Onnx) {
            return "onnx (ONNX Runtime)";
        }
        if (this instanceof Sklearn) {
            return "python_function with sklearn (Python runner)";
        }
        return "python_function with loader_module " + ((PythonLoader) this).loaderModule() + " (Python runner)";
    }
}
