package dev.sluice.controlplane.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.EnvironmentSpec;
import dev.sluice.core.testing.DebianPython;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environments built for real from Debian's interpreter, with package indexes on loopback or none at all. */
class PythonEnvironmentResolverTest {

    private static final Path AZURE_CONDA = Path.of("..", "examples", "azure-sklearn", "model-1", "environment",
            "conda.yaml").toAbsolutePath().normalize();
    private static final EnvironmentSpec WITH_IMAGE = new EnvironmentSpec(null, null, null, null,
            "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest", "sha256:abc", null, null, null, null);
    /** Keeps pip away from the machine's own configuration (extra indexes, constraints) in tests. */
    private static final Map<String, String> ISOLATED_PIP = Map.of("PIP_CONFIG_FILE", "/dev/null",
            "PIP_FIND_LINKS", "", "PIP_EXTRA_INDEX_URL", "");
    private static final int WAIT_SECONDS = 240;

    @TempDir
    Path dir;
    private PythonEnvironmentResolver resolver;

    @AfterEach
    void close() {
        if (resolver != null) {
            resolver.close();
        }
    }

    private PythonEnvironmentResolver resolver(List<String> bases, URI index) {
        PythonEnvironmentOptions options = PythonEnvironmentOptions.of(null, Map.of()).withBaseInterpreters(bases)
                .withPackageIndex(index, ISOLATED_PIP);
        resolver = PythonEnvironmentResolver.create(dir.resolve("environments"), options, Clock.systemUTC());
        return resolver;
    }

    /** A loopback port that nothing listens on: connecting is refused at once. */
    private static URI unreachableIndex() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/simple/");
        }
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve("uploads").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private String log(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static String run(Path python, String code) throws Exception {
        Process p = new ProcessBuilder(python.toString(), "-c", code).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static Throwable failure(CompletableFuture<Path> future) {
        assertThatThrownBy(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return future.handle((p, e) -> e).join();
    }

    @Test
    void azuresSampleBuildsAVirtualEnvironmentOverDebiansPackagesWithOneLinePerDifferingPin() throws Exception {
        String python = sklearnAndVenv();
        resolver(List.of(python), unreachableIndex());

        Path interpreter = resolver.pythonFor(WITH_IMAGE, AZURE_CONDA, dir.resolve("blue.log"))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(interpreter).startsWithRaw(dir.resolve("environments")).endsWithRaw(Path.of("bin", "python3"));
        assertThat(run(interpreter, "import sys, sklearn, joblib, numpy; print(sys.prefix != sys.base_prefix)"))
                .isEqualTo("True");
        assertThat(interpreter.getParent().getParent().resolve(EnvironmentMarker.NAME)).isRegularFile();
        String log = log("blue.log");
        assertThat(log).contains("environment.image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest is used on"
                        + " Kubernetes")
                .contains("no package index answers (http://127.0.0.1:")
                .containsPattern("numpy: conda.yaml asks for numpy=1.23.5; using \\S+ from /usr/bin/python3")
                .containsPattern("scikit-learn: conda.yaml asks for scikit-learn=1.2.2; using \\S+ from /usr/bin/python3")
                .contains("python: conda.yaml asks for python=3.9; using Python 3.")
                .contains("azureml-inference-server-http: provided by Sluice")
                .contains("inference-schema: not installed; Sluice does not need it")
                .containsPattern("environment [0-9a-f]{24} ready: ");
        assertThat(log.lines().filter(l -> l.contains("numpy: conda.yaml asks for"))).hasSize(1);
    }

    @Test
    void aSecondDeploymentWithTheSameFileStartsAtOnceAndSeesTheSameFindings() throws Exception {
        resolver(List.of(sklearnAndVenv()), unreachableIndex());
        Path first = resolver.pythonFor(null, AZURE_CONDA, dir.resolve("blue.log")).get(WAIT_SECONDS, TimeUnit.SECONDS);

        CompletableFuture<Path> second = resolver.pythonFor(null, AZURE_CONDA, dir.resolve("green.log"));

        assertThat(second).isCompletedWithValue(first);
        assertThat(log("green.log")).contains("is already built").contains("numpy: conda.yaml asks for numpy=1.23.5")
                .doesNotContain("building environment");
    }

    @Test
    void deploymentsAskingForTheSameFileAtOnceShareOneBuild() throws Exception {
        resolver(List.of(sklearnAndVenv()), unreachableIndex());

        CompletableFuture<Path> blue = resolver.pythonFor(null, AZURE_CONDA, dir.resolve("blue.log"));
        CompletableFuture<Path> green = resolver.pythonFor(null, AZURE_CONDA, dir.resolve("green.log"));

        assertThat(blue.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(green.get(WAIT_SECONDS, TimeUnit.SECONDS));
        String both = log("blue.log") + log("green.log");
        assertThat(both.lines().filter(l -> l.contains("building environment"))).hasSize(1);
        assertThat(both.lines().filter(l -> l.contains("creating a virtual environment"))).hasSize(1);
    }

    @Test
    void aMissingPackageFailsListingItWhenNoIndexAnswers() throws Exception {
        resolver(List.of(sklearnAndVenv()), unreachableIndex());
        Path conda = file("conda.yaml", """
                dependencies:
                  - numpy
                  - pip:
                    - sluice-no-such-package==1.0
                    - joblib
                """);

        Throwable failure = failure(resolver.pythonFor(null, conda, dir.resolve("blue.log")));

        assertThat(failure).isInstanceOfSatisfying(SluiceException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT_FAILED));
        assertThat(failure.getMessage()).startsWith("conda.yaml asks for packages that /usr/bin/python3")
                .contains("does not have: sluice-no-such-package==1.0 (pip); no package index answered")
                .doesNotContain("joblib");
        assertThat(log("blue.log")).contains("failed: conda.yaml asks for packages");
        try (var left = Files.list(dir.resolve("environments"))) {
            assertThat(left.filter(Files::isDirectory)).as("no half-built environment stays").isEmpty();
        }
    }

    @Test
    void aMissingInterpreterFailsNamingIt() throws Exception {
        resolver(List.of("/nope/python3"), unreachableIndex());

        Throwable withFile = failure(resolver.pythonFor(null, AZURE_CONDA, dir.resolve("blue.log")));
        Throwable withoutFile = failure(resolver.pythonFor(null, null, dir.resolve("green.log")));

        for (Throwable failure : List.of(withFile, withoutFile)) {
            assertThat(failure).isInstanceOf(SluiceException.class)
                    .hasMessageStartingWith("the Python interpreter /nope/python3 cannot be started:")
                    .hasMessageEndingWith("(expected: a Python 3.8 or later interpreter; choose it with sluice server"
                            + " --python)");
        }
        assertThat(log("blue.log")).contains("the Python interpreter /nope/python3 cannot be started");
    }

    @Test
    void pipInstallsMissingPackagesWhenTheIndexAnswers() throws Exception {
        try (LocalPackageIndex index = LocalPackageIndex.serving("sluice-test-wheel", "sluice_test_wheel", "1.0")) {
            resolver(List.of(sklearnAndVenv()), index.simpleUrl());
            Path requirements = file("requirements.txt", "sluice-test-wheel==1.0\njoblib\n");

            Path python = resolver.pythonFor(null, requirements, dir.resolve("blue.log")).get(WAIT_SECONDS,
                    TimeUnit.SECONDS);

            assertThat(run(python, "import sluice_test_wheel, joblib; print(sluice_test_wheel.VALUE)")).isEqualTo("42");
            assertThat(run(DebianPython.PYTHON,
                    "import importlib.util; print(importlib.util.find_spec('sluice_test_wheel') is None)"))
                    .as("installed into the environment, not the base").isEqualTo("True");
            assertThat(log("blue.log")).contains("package index " + index.simpleUrl() + " answers; pip installs"
                    + " sluice-test-wheel==1.0");
        }
    }

    @Test
    void aCuratedEnvironmentPrefersABaseInterpreterThatHasItsFramework() throws Exception {
        String debian = sklearnAndVenv();
        Path bare = dir.resolve("bare");
        assertThat(new ProcessBuilder(debian, "-m", "venv", "--without-pip", bare.toString()).start()
                .waitFor()).isZero();
        resolver(List.of(bare.resolve("bin/python3").toString(), debian), unreachableIndex());

        Path curated = resolver.pythonFor(EnvironmentSpec.ofReference("azureml:AzureML-sklearn-1.5:1"), null,
                dir.resolve("blue.log")).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Path plain = resolver.pythonFor(null, null, dir.resolve("green.log")).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(run(curated, "import sklearn; print('ok')")).isEqualTo("ok");
        assertThat(plain).isEqualTo(bare.resolve("bin/python3"));
        assertThat(log("blue.log")).contains("environment azureml:AzureML-sklearn-1.5:1 is a registered or curated"
                + " Azure ML environment").contains("lacks joblib (pip), numpy (pip), scikit-learn (pip)");
        assertThat(log("green.log")).contains("no environment.conda_file: a base interpreter runs score.py");
    }

    @Test
    void anEnvironmentLeftHalfBuiltIsBuiltAgain() throws Exception {
        resolver(List.of(sklearnAndVenv()), unreachableIndex());
        Path half = dir.resolve("environments").resolve(resolver.hash(Files.readAllBytes(AZURE_CONDA)));
        Files.createDirectories(half.resolve("bin"));
        Files.writeString(half.resolve("bin/leftover"), "from a build that was interrupted");

        Path python = resolver.pythonFor(null, AZURE_CONDA, dir.resolve("blue.log")).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(python).startsWithRaw(half);
        assertThat(half.resolve("bin/leftover")).doesNotExist();
    }

    /** Debian's interpreter with Azure's sample packages and venv, which the environments here are built from. */
    private static String sklearnAndVenv() {
        return DebianPython.require("numpy", "python3-numpy", "sklearn", "python3-sklearn", "joblib",
                "python3-joblib", "venv", "python3-venv").toString();
    }
}
