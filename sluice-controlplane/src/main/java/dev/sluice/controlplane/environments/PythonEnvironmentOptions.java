package dev.sluice.controlplane.environments;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the resolver finds and builds Python environments.
 *
 * @param baseInterpreters the interpreters environments are built from, in order of preference: the first that has
 *                         every package an environment file asks for is chosen, else the first that runs
 * @param packageIndex     where missing packages come from ({@code PIP_INDEX_URL}, else PyPI)
 * @param indexTimeout     how long the index may take to answer before it counts as unreachable
 * @param probeTimeout     bounds one interpreter survey (importing heavy packages takes seconds)
 * @param venvTimeout      bounds {@code python -m venv}
 * @param pipTimeout       bounds one {@code pip install}
 * @param pipEnvironment   extra environment variables for pip (such as {@code PIP_CONFIG_FILE})
 * @param builders         environments built at once
 * @param queueCapacity    builds that may wait for a builder; more are refused at once
 */
public record PythonEnvironmentOptions(List<String> baseInterpreters, URI packageIndex, Duration indexTimeout,
                                       Duration probeTimeout, Duration venvTimeout, Duration pipTimeout,
                                       Map<String, String> pipEnvironment, int builders, int queueCapacity) {

    public static final URI PYPI = URI.create("https://pypi.org/simple/");
    /** Debian's interpreter, which has python3-numpy, python3-sklearn and friends when they are installed. */
    public static final String DEBIAN_PYTHON = "/usr/bin/python3";

    public PythonEnvironmentOptions {
        baseInterpreters = List.copyOf(baseInterpreters);
        pipEnvironment = Map.copyOf(pipEnvironment);
        if (baseInterpreters.isEmpty()) {
            throw new IllegalArgumentException("baseInterpreters: [] (expected: at least one interpreter)");
        }
        if (builders < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("builders: " + builders + ", queueCapacity: " + queueCapacity
                    + " (expected: at least 1 builder and a queue of 0 or more)");
        }
    }

    /**
     * The server's settings: with {@code --python}, that interpreter only; without, {@code python3} on PATH and then
     * Debian's {@code /usr/bin/python3} (when present), so that a PATH interpreter without scikit-learn does not hide
     * the system's that has it.
     */
    public static PythonEnvironmentOptions of(String pythonFlag, Map<String, String> environment) {
        List<String> bases = new ArrayList<>();
        if (pythonFlag != null && !pythonFlag.isBlank()) {
            bases.add(pythonFlag);
        } else {
            bases.add("python3");
            if (Files.isExecutable(Path.of(DEBIAN_PYTHON))) {
                bases.add(DEBIAN_PYTHON);
            }
        }
        String index = environment.get("PIP_INDEX_URL");
        return new PythonEnvironmentOptions(bases, index == null || index.isBlank() ? PYPI : URI.create(index.trim()),
                Duration.ofSeconds(3), Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(15), Map.of(),
                2, 32);
    }

    public PythonEnvironmentOptions withBaseInterpreters(List<String> bases) {
        return new PythonEnvironmentOptions(bases, packageIndex, indexTimeout, probeTimeout, venvTimeout, pipTimeout,
                pipEnvironment, builders, queueCapacity);
    }

    public PythonEnvironmentOptions withPackageIndex(URI index, Map<String, String> pipVariables) {
        return new PythonEnvironmentOptions(baseInterpreters, index, indexTimeout, probeTimeout, venvTimeout,
                pipTimeout, pipVariables, builders, queueCapacity);
    }
}
