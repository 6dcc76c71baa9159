package dev.sluice.core.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlflowModelTest {

    /** What mlflow.sklearn.log_model writes, signature included. */
    static final String SKLEARN = """
            artifact_path: model
            flavors:
              python_function:
                env:
                  conda: conda.yaml
                  virtualenv: python_env.yaml
                loader_module: mlflow.sklearn
                model_path: model.pkl
                predict_fn: predict
                python_version: 3.11.2
              sklearn:
                code: null
                pickled_model: model.pkl
                serialization_format: cloudpickle
                sklearn_version: 1.2.1
            mlflow_version: 2.9.2
            signature:
              inputs: '[{"type": "double", "name": "age"}, {"type": "long", "name": "bmi", "required": false}]'
              outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1]}}]'
            """;

    private static JsonNode yaml(String text) throws IOException {
        return new YAMLMapper().readTree(text);
    }

    @Test
    void sklearnIsServedByTheRunnersOwnLoaderWithItsSignatureAndCondaFile() throws IOException {
        MlflowModel model = MlflowModel.parse(yaml(SKLEARN));

        assertThat(model.flavour()).isEqualTo(new MlflowFlavour.Sklearn("model.pkl", "cloudpickle", "predict"));
        assertThat(model.flavour().runsPython()).isTrue();
        assertThat(model.condaFile()).isEqualTo("conda.yaml");
        assertThat(model.signature().columns()).containsExactly(
                new MlflowSignature.Column("age", "double", true), new MlflowSignature.Column("bmi", "long", false));
        assertThat(model.signature().isTensorBased()).isFalse();
    }

    @Test
    void onnxWinsOverPythonFunctionAndTensorsAreRead() throws IOException {
        MlflowModel model = MlflowModel.parse(yaml("""
                flavors:
                  onnx: {data: model.onnx, onnx_version: 1.14.0, providers: [CPUExecutionProvider]}
                  python_function: {loader_module: mlflow.onnx, data: model.onnx, env: conda.yaml}
                signature:
                  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]'
                """));

        assertThat(model.flavour()).isEqualTo(new MlflowFlavour.Onnx("model.onnx"));
        assertThat(model.flavour().runsPython()).isFalse();
        assertThat(model.signature().tensors()).containsExactly(
                new MlflowSignature.TensorSpec(null, "float32", List.of(-1L, 4L)));
        assertThat(model.condaFile()).isEqualTo("conda.yaml");
    }

    @Test
    void anotherLoaderModuleIsImportedFromTheEnvironment() throws IOException {
        MlflowModel model = MlflowModel.parse(yaml("""
                flavors:
                  python_function: {loader_module: mlflow.pyfunc.model, code: code, data: data}
                """));
        assertThat(model.flavour()).isEqualTo(new MlflowFlavour.PythonLoader("mlflow.pyfunc.model", "data", "code"));
        assertThat(model.signature()).isNull();
    }

    @Test
    void aModelWithoutAServableFlavourOrWithABrokenSignatureIsNamed() {
        assertThatThrownBy(() -> MlflowModel.parse(yaml("flavors:\n  keras: {}\n  tensorflow: {}\n")))
                .isInstanceOf(SluiceException.class).hasMessage("MLmodel: flavors: keras, tensorflow (expected:"
                        + " python_function or onnx, which Sluice serves without code; or give code_configuration with"
                        + " a score.py)");
        assertThatThrownBy(() -> MlflowModel.parse(yaml("artifact_path: model\n")))
                .hasMessage("MLmodel: flavors: (missing) (expected: a mapping with python_function or onnx)");
        assertThatThrownBy(() -> MlflowModel.parse(yaml("flavors:\n  python_function: {}\n")))
                .hasMessageContaining("flavors.python_function.loader_module: (missing)");
        assertThatThrownBy(() -> MlflowModel.parse(yaml("""
                flavors: {python_function: {loader_module: m}}
                signature: {inputs: '[{"name": "x"}'}
                """))).hasMessageStartingWith("MLmodel: signature.inputs is not valid JSON");
    }

    @Test
    void findsTheFolderOfTheOneMlmodel() {
        assertThat(MlflowModel.folderOf(List.of("model/MLmodel", "model/model.pkl"), "model.path")).isEqualTo("model");
        assertThat(MlflowModel.folderOf(List.of("MLmodel"), "model.path")).isEmpty();
        assertThatThrownBy(() -> MlflowModel.folderOf(List.of("model/model.pkl"), "model.path"))
                .hasMessage("model.path: no MLmodel file (expected: an MLflow model folder (model/MLmodel,"
                        + " model/conda.yaml, …) for type mlflow_model)");
        assertThatThrownBy(() -> MlflowModel.folderOf(List.of("a/MLmodel", "b/MLmodel"), "model.path"))
                .hasMessageContaining("2 MLmodel files ([a, b])");
    }
}
