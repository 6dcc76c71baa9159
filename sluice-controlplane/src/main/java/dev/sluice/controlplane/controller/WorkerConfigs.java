package dev.sluice.controlplane.controller;

import dev.sluice.controlplane.artifacts.MlflowModels;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.ModelType;
import dev.sluice.core.spec.DeploymentWarnings;
import dev.sluice.core.spec.RequestSettings;
import dev.sluice.core.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Turns a deployment's spec into the {@link WorkerConfig} of one of its instances. */
public final class WorkerConfigs {

    private static final String LOOPBACK = "127.0.0.1";

    private final DataDir dataDir;
    private final long serverPid;
    private final String pythonExecutable;
    private final MlflowModels mlflow = new MlflowModels();
    /** MLmodels read, by model artifact: artifacts never change, and the controller asks on every reconcile. */
    private final java.util.concurrent.ConcurrentHashMap<String, MlflowModels.Found> mlflowModels =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final PlatformVariables platform;

    private WorkerConfigs(DataDir dataDir, long serverPid, String pythonExecutable, PlatformVariables platform) {
        this.dataDir = dataDir;
        this.serverPid = serverPid;
        this.pythonExecutable = pythonExecutable;
        this.platform = platform;
    }

    /** @param pythonExecutable the interpreter for score.py deployments, or null for {@code python3} on PATH */
    public static WorkerConfigs create(DataDir dataDir, long serverPid, String pythonExecutable) {
        return new WorkerConfigs(dataDir, serverPid, pythonExecutable, PlatformVariables.NONE);
    }

    /** @param platform variables the platform adds to the YAML's (the identity endpoint) */
    public static WorkerConfigs create(DataDir dataDir, long serverPid, String pythonExecutable,
                                       PlatformVariables platform) {
        return new WorkerConfigs(dataDir, serverPid, pythonExecutable, platform);
    }

    /**
     * @param python the interpreter for a score.py deployment, or null to use the server's {@code --python}
     */
    public WorkerConfig forInstance(Deployment deployment, String instanceId, Path instanceDir, Path python) {
        DeploymentSpec spec = deployment.spec();
        RequestSettings settings = spec.requestSettingsOrDefault();
        String modelDir = spec.model() == null ? null
                : artifactDir("model.path", spec.model().path()).toString();
        String codeDir = spec.codeConfiguration() == null || spec.codeConfiguration().code() == null ? null
                : artifactDir("code_configuration.code", spec.codeConfiguration().code()).toString();
        String script = spec.codeConfiguration() == null ? null : spec.codeConfiguration().scoringScript();
        Path conda = condaFile(spec);
        String condaFile = conda == null ? null : conda.toString();
        return new WorkerConfig(instanceId, deployment.endpointName(), deployment.name(), deployment.generation(),
                spec.model() == null ? null : spec.model().typeOrDefault(),
                modelDir, codeDir, script, condaFile, environment(deployment),
                settings.requestTimeoutMs(), settings.maxConcurrentRequestsPerInstance(), settings.maxQueueWaitMs(),
                LOOPBACK, 0, instanceDir.resolve("address.json").toString(), serverPid,
                instanceDir.resolve("work").toString(), python == null ? pythonExecutable : python.toString(),
                workerCount(spec), spec.batchingOrNull());
    }

    /**
     * The YAML's variables, then the platform's, which win: scoring code must not be able to point its identity
     * endpoint elsewhere or lift its egress rule.
     */
    private Map<String, String> environment(Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>(deployment.spec().environmentVariables());
        env.putAll(platform.of(deployment));
        if (DeploymentWarnings.egressDisabled(deployment.spec())) {
            env.put(WorkerConfig.EGRESS_VARIABLE, "disabled");
        }
        return env;
    }

    /**
     * The deployment's uploaded conda or pip file; for an MLflow model served without code and without one, the
     * conda file its MLmodel names (as Azure builds an MLflow deployment's environment); else null.
     */
    public Path condaFile(DeploymentSpec spec) {
        if (spec.environment() != null && spec.environment().condaFile() != null) {
            return singleFile("environment.conda_file", spec.environment().condaFile());
        }
        return mlflowModel(spec).filter(found -> found.model().condaFile() != null)
                .map(found -> found.folder().resolve(found.model().condaFile()))
                .filter(Files::isRegularFile).orElse(null);
    }

    /** True when the deployment's instances run Python: a score.py, or an MLflow python_function flavour. */
    public boolean runsPython(DeploymentSpec spec) {
        String script = spec.codeConfiguration() == null ? null : spec.codeConfiguration().scoringScript();
        if (script != null) {
            return script.endsWith(".py");
        }
        return mlflowModel(spec).map(found -> found.model().flavour().runsPython()).orElse(false);
    }

    /** The MLmodel of a no-code mlflow_model deployment, read once per model artifact. */
    private Optional<MlflowModels.Found> mlflowModel(DeploymentSpec spec) {
        boolean noCode = spec.codeConfiguration() == null || spec.codeConfiguration().scoringScript() == null;
        if (spec.model() == null || spec.model().typeOrDefault() != ModelType.MLFLOW_MODEL || !noCode) {
            return Optional.empty();
        }
        String path = spec.model().path();
        return Optional.of(mlflowModels.computeIfAbsent(path,
                p -> mlflow.read(artifactDir("model.path", p), "model.path")));
    }

    private Path artifactDir(String field, String value) {
        Path dir = dataDir.artifact(ArtifactRef.parse(field, value));
        if (!Files.isDirectory(dir)) {
            throw SluiceException.of(ErrorCode.NOT_FOUND, field + ": artifact " + value + " is missing from "
                    + dataDir.artifacts() + " (expected: uploaded by the CLI)", field);
        }
        return dir;
    }

    /** A conda or pip file is uploaded as an artifact holding that one file. */
    private Path singleFile(String field, String value) {
        Path dir = artifactDir(field, value);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).findFirst().orElseThrow(() -> SluiceException.of(
                    ErrorCode.BAD_ARGUMENT, field + ": artifact " + value + " holds no file (expected: one file)", field));
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, field + ": cannot read artifact " + value, e);
        }
    }

    private static int workerCount(DeploymentSpec spec) {
        String value = spec.environmentVariables().get("WORKER_COUNT");
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw SluiceException.badArgument("environment_variables.WORKER_COUNT", value, "a positive integer");
        }
    }
}
