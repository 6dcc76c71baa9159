package dev.sluice.cli.yaml;

import dev.sluice.cli.artifacts.ArtifactPublisher;
import dev.sluice.cli.artifacts.ArtifactTree;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.spec.CodeConfiguration;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EnvironmentSpec;
import dev.sluice.core.spec.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A deployment spec that is bound and valid, with its local files ({@code model.path},
 * {@code code_configuration.code}, {@code environment.conda_file}) resolved against the YAML file's folder,
 * checked and listed, ready to {@link #publish()}. Everything is checked before anything is uploaded, so
 * that a missing conda file does not cost a model upload first. Values that are already artifact
 * references ({@code sha256:…}) are kept as they are.
 */
public final class PreparedDeployment {

    private static final Pattern SCRIPT_FILE = Pattern.compile(".*\\.(py|java|jar)$");

    private final Optional<ArtifactTree> model;
    private final Optional<ArtifactTree> code;
    private final Optional<ArtifactTree> conda;
    private final DeploymentSpec spec;
    private final ArtifactPublisher publisher;

    private PreparedDeployment(DeploymentSpec spec, ArtifactPublisher publisher, Optional<ArtifactTree> model,
                               Optional<ArtifactTree> code, Optional<ArtifactTree> conda) {
        this.spec = spec;
        this.publisher = publisher;
        this.model = model;
        this.code = code;
        this.conda = conda;
    }

    /** Resolves and lists every local path; fails with {@code field: value does not exist (resolved to …)}. */
    static PreparedDeployment find(DeploymentSpec spec, Path baseDir, ArtifactPublisher publisher) {
        ModelSpec m = spec.model();
        CodeConfiguration c = spec.codeConfiguration();
        EnvironmentSpec e = spec.environment();
        Optional<Path> modelPath = local("model.path", m == null ? null : m.path(), baseDir);
        Optional<Path> codePath = local("code_configuration.code", c == null ? null : c.code(), baseDir);
        Optional<Path> condaPath = local("environment.conda_file", e == null ? null : e.condaFile(), baseDir);
        codePath.ifPresent(folder -> checkScript(c, folder));
        if (condaPath.isPresent() && Files.isDirectory(condaPath.get())) {
            throw SluiceException.badArgument("environment.conda_file", e.condaFile(),
                    "a conda YAML file, not a folder");
        }
        return new PreparedDeployment(spec, publisher,
                modelPath.map(p -> nonEmpty("model.path", m.path(), ArtifactTree.model(p))),
                codePath.map(p -> nonEmpty("code_configuration.code", c.code(), ArtifactTree.contents(p))),
                condaPath.map(ArtifactTree::file));
    }

    /** The valid spec, still with the local paths as the file wrote them. */
    public DeploymentSpec spec() {
        return spec;
    }

    /** Uploads what the server lacks and answers the spec with {@code sha256:} references in place of paths. */
    public DeploymentSpec publish() {
        DeploymentSpec out = spec;
        if (model.isPresent()) {
            ArtifactRef ref = publisher.publish("model " + spec.model().path(), model.get());
            out = out.withModel(out.model().withPath(ref.toString()));
        }
        if (code.isPresent()) {
            ArtifactRef ref = publisher.publish("code " + spec.codeConfiguration().code(), code.get());
            out = out.withCodeConfiguration(out.codeConfiguration().withCode(ref.toString()));
        }
        if (conda.isPresent()) {
            ArtifactRef ref = publisher.publish("conda file " + spec.environment().condaFile(), conda.get());
            out = out.withEnvironment(out.environment().withCondaFile(ref.toString()));
        }
        return out;
    }

    static Optional<Path> local(String field, String value, Path baseDir) {
        if (value == null || value.isBlank() || ArtifactRef.isRef(value)) {
            return Optional.empty();
        }
        if (value.startsWith("azureml:") || value.startsWith("azureml://")) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, field + ": " + value
                    + " (expected: a local file or folder; Sluice has no Azure ML datastores)", field);
        }
        Path resolved = baseDir.resolve(value).toAbsolutePath().normalize();
        if (!Files.exists(resolved)) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, field + ": " + value + " does not exist (resolved to "
                    + resolved + ")", field);
        }
        return Optional.of(resolved);
    }

    private static void checkScript(CodeConfiguration code, Path codePath) {
        String script = code.scoringScript();
        if (script == null || !SCRIPT_FILE.matcher(script).matches()) {
            return; // a Java class name, found on the class path at run time
        }
        boolean found = Files.isDirectory(codePath)
                ? Files.isRegularFile(codePath.resolve(script))
                : codePath.getFileName().toString().equals(script);
        if (!found) {
            Path where = Files.isDirectory(codePath) ? codePath.resolve(script).normalize() : codePath;
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "code_configuration.scoring_script: " + script
                    + " is not in " + code.code() + " (resolved to " + where + ")", "code_configuration.scoring_script");
        }
    }

    static ArtifactTree nonEmpty(String field, String value, ArtifactTree tree) {
        if (tree.files().isEmpty()) {
            throw SluiceException.badArgument(field, value + " (resolved to " + tree.origin() + ")",
                    "a folder with at least one file");
        }
        return tree;
    }
}
