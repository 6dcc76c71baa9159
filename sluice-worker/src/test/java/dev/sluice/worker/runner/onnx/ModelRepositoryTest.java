package dev.sluice.worker.runner.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    @TempDir
    Path dir;

    private Path model(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {1});
    }

    @Test
    void findsModelFoldersDirectlyInside() throws IOException {
        Path v1 = model("add/1/model.onnx");
        Path v3 = model("add/3/model.onnx");
        model("add/config.pbtxt");

        ModelRepository repo = ModelRepository.find(dir);

        assertThat(repo.root()).isEqualTo(dir);
        assertThat(repo.models()).containsOnlyKeys("add");
        assertThat(repo.models().get("add")).containsExactly(java.util.Map.entry(1L, v1), java.util.Map.entry(3L, v3));
    }

    @Test
    void descendsThroughTheUploadedFolderThatWrapsTheRepository() throws IOException {
        model("models/classifier/1/model.onnx");
        model("models/other/2/model.onnx");

        ModelRepository repo = ModelRepository.find(dir);

        assertThat(repo.root()).isEqualTo(dir.resolve("models"));
        assertThat(repo.models()).containsOnlyKeys("classifier", "other");
    }

    @Test
    void versionsMustBeNumericFoldersWithAModelFile() throws IOException {
        model("m/1/model.onnx");
        model("m/latest/model.onnx");
        Files.createDirectories(dir.resolve("m/2"));
        model("m/10/weights.bin");

        assertThat(ModelRepository.find(dir).models().get("m")).containsOnlyKeys(1L);
    }

    @Test
    void ordersVersionsNumerically() throws IOException {
        model("m/9/model.onnx");
        model("m/10/model.onnx");

        assertThat(ModelRepository.find(dir).models().get("m").lastKey()).isEqualTo(10L);
    }

    @Test
    void noModelSaysWhatLayoutWasExpected() throws IOException {
        model("models/classifier/model.onnx");

        assertThatThrownBy(() -> ModelRepository.find(dir))
                .isInstanceOf(SluiceException.class)
                .hasMessage("model.path: no ONNX model under " + dir
                        + " (expected: a Triton model repository: <model name>/<version>/model.onnx)");
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> ModelRepository.find(dir.resolve("nope")))
                .hasMessageStartingWith("model.path: " + dir.resolve("nope"));
    }

    @Test
    void theCommittedTestModelsHaveTheExpectedLayout() {
        Path testdata = Path.of("..", "testdata", "onnx").toAbsolutePath().normalize();

        assertThat(ModelRepository.find(testdata.resolve("scale")).models().get("scale")).containsOnlyKeys(1L, 2L);
        assertThat(ModelRepository.find(testdata.resolve("add")).models()).containsOnlyKeys("add");
    }
}
