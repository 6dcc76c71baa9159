package dev.sluice.controlplane.environments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an interpreter's report means for an environment file, without running any interpreter. */
class AssessmentTest {

    private static InterpreterProbe.Package installed(String name, String version, String module) {
        return new InterpreterProbe.Package(name, version, module, null, null);
    }

    private static InterpreterProbe.Report report(InterpreterProbe.Package... packages) {
        Map<String, InterpreterProbe.Package> byName = new java.util.HashMap<>();
        for (InterpreterProbe.Package p : packages) {
            byName.put(p.distribution(), p);
        }
        return new InterpreterProbe.Report("3.11.2", "/usr/bin/python3.11", true, byName);
    }

    private static final EnvironmentFile AZURE = EnvironmentFile.parse("conda.yaml", """
            dependencies:
              - python=3.9
              - numpy=1.23.5
              - pip=23.0.1
              - scikit-learn=1.2.2
              - libgcc-ng
              - pip:
                - azureml-inference-server-http==1.4.0
                - inference-schema[numpy-support]
                - joblib
            """);

    @Test
    void debiansPackagesMeetAzuresSampleWithOneLinePerVersionThatDiffers() {
        Assessment a = Assessment.of(AZURE, report(installed("numpy", "1.24.2", "numpy"),
                installed("scikit-learn", "1.2.1", "sklearn"), installed("joblib", "1.2.0", "joblib")), "/usr/bin/python3");

        assertThat(a.complete()).isTrue();
        assertThat(a.mismatched()).extracting(Requirement::distribution).containsExactly("numpy", "scikit-learn");
        assertThat(a.installable()).extracting(Requirement::pipSpec).containsExactly("numpy==1.23.5.*",
                "scikit-learn==1.2.2.*", "inference-schema[numpy-support]");
        assertThat(a.notes()).containsExactly(
                "python: conda.yaml asks for python=3.9; using Python 3.11.2 (/usr/bin/python3): environments are built"
                        + " from the base interpreter, which cannot be swapped for another Python version",
                "numpy: conda.yaml asks for numpy=1.23.5; using 1.24.2 from /usr/bin/python3",
                "scikit-learn: conda.yaml asks for scikit-learn=1.2.2; using 1.2.1 from /usr/bin/python3",
                "libgcc-ng: a conda system package, not a Python distribution; skipped",
                "azureml-inference-server-http: provided by Sluice (its runner serves score.py in place of Azure's"
                        + " inference server)",
                "inference-schema: not installed; Sluice does not need it, but a score.py that imports"
                        + " inference_schema will fail in init()");
    }

    @Test
    void missingAndBrokenPackagesAreListed() {
        InterpreterProbe.Package broken = new InterpreterProbe.Package("scikit-learn", "1.2.1", "sklearn", false,
                "import sklearn: ImportError: libgomp.so.1: cannot open shared object file");

        Assessment a = Assessment.of(AZURE, report(installed("numpy", "1.23.5", "numpy"), broken), "/usr/bin/python3");

        assertThat(a.complete()).isFalse();
        assertThat(a.missing()).extracting(Assessment.Missing::describe).containsExactly(
                "scikit-learn=1.2.2 (conda) [installed (1.2.1) but import sklearn: ImportError: libgomp.so.1: cannot"
                        + " open shared object file]",
                "joblib (pip)");
    }

    @Test
    void aModuleThatImportsWithoutMetadataCountsAsPresent() {
        EnvironmentFile file = EnvironmentFile.parse("requirements.txt", "vendored==1.0\n");

        Assessment a = Assessment.of(file, report(new InterpreterProbe.Package("vendored", null, "vendored", true, null)),
                "/x/python");

        assertThat(a.complete()).isTrue();
        assertThat(a.notes()).containsExactly("vendored: imports as vendored but has no distribution metadata, so its"
                + " version is not checked");
    }
}
