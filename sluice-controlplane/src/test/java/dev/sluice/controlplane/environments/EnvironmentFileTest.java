package dev.sluice.controlplane.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EnvironmentFileTest {

    private static final Path AZURE_SAMPLE = Path.of("..", "examples", "azure-sklearn", "model-1", "environment",
            "conda.yaml");

    @Test
    void readsAzuresSampleCondaFile() throws Exception {
        EnvironmentFile file = EnvironmentFile.parse("conda.yaml", Files.readString(AZURE_SAMPLE));

        assertThat(file.pythonVersion()).isEqualTo("=3.9");
        assertThat(file.requirements()).extracting(Requirement::distribution).containsExactly("numpy", "pip",
                "scikit-learn", "scipy", "azureml-inference-server-http", "inference-schema", "joblib");
        assertThat(file.requirements()).extracting(Requirement::specifier).containsExactly("=1.23.5", "=23.0.1",
                "=1.2.2", "=1.10.1", "==1.4.0", "", "");
        assertThat(file.requirements().get(5).extras()).isEqualTo("numpy-support");
        assertThat(file.requirements()).extracting(r -> r.source().wire()).containsExactly("conda", "conda", "conda",
                "conda", "pip", "pip", "pip");
    }

    @Test
    void condaSpecsInTheirSeveralSpellings() {
        EnvironmentFile file = EnvironmentFile.parse("env.yml", """
                dependencies:
                  - conda-forge::numpy>=1.2
                  - pytorch 2.1.0 py3.11_cpu_0
                  - scikit-learn=1.2.2=py311h
                  - python
                  - 42
                """);

        assertThat(file.pythonVersion()).isNull();
        assertThat(file.requirements()).extracting(Requirement::distribution).containsExactly("numpy", "torch",
                "scikit-learn", "42");
        assertThat(file.requirements()).extracting(Requirement::specifier).containsExactly(">=1.2", "=2.1.0", "=1.2.2",
                "");
        assertThat(file.requirements().get(1).pipSpec()).isEqualTo("torch==2.1.0.*");
    }

    @Test
    void pipRequirementsFilesKeepOptionsAsIgnoredAndDropMarkersAndComments() {
        EnvironmentFile file = EnvironmentFile.parse("requirements.txt", """
                # the model's needs
                --extra-index-url https://example.org/simple
                joblib>=1.0  # serialisation
                numpy==1.24.2; python_version >= "3.8"
                mypkg @ https://example.org/mypkg-1.0.tar.gz
                https://example.org/other-1.0-py3-none-any.whl
                """);

        assertThat(file.ignored()).containsExactly("--extra-index-url https://example.org/simple");
        assertThat(file.requirements()).extracting(Requirement::name).containsExactly("joblib", "numpy", "mypkg", null);
        assertThat(file.requirements().get(1).specifier()).isEqualTo("==1.24.2");
        assertThat(file.requirements().get(1).pipSpec()).isEqualTo("numpy==1.24.2");
        assertThat(file.requirements().get(3).isDirectReference()).isTrue();
    }

    @Test
    void aBrokenCondaFileIsAnEnvironmentFailureNamingTheEntry() {
        assertThatThrownBy(() -> EnvironmentFile.parse("conda.yaml", "dependencies:\n  - {channel: x}\n"))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT_FAILED))
                .hasMessage("environment.conda_file conda.yaml dependencies[0]: {\"channel\":\"x\"} (expected: a conda"
                        + " package such as numpy=1.23.5, or pip: [...])");
        assertThatThrownBy(() -> EnvironmentFile.parse("conda.yaml", "dependencies: [a\n"))
                .hasMessageStartingWith("environment.conda_file conda.yaml is not valid YAML");
        assertThatThrownBy(() -> EnvironmentFile.parse("conda.yaml", "dependencies: numpy\n"))
                .hasMessage("environment.conda_file conda.yaml dependencies: \"numpy\" (expected: a list)");
    }
}
