package dev.sluice.cli.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.cli.artifacts.ArtifactFile;
import dev.sluice.cli.artifacts.ArtifactPublisher;
import dev.sluice.cli.artifacts.ArtifactTree;
import dev.sluice.core.artifact.ArtifactEntry;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.mlflow.MlflowModel;
import dev.sluice.core.registry.AssetSpec;
import dev.sluice.core.registry.EnvironmentAssetSpec;
import dev.sluice.core.registry.ModelAssetSpec;
import dev.sluice.core.spec.ModelType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local files of a model or environment version: {@code path} (the model file or folder) and
 * {@code conda_file}, resolved against the YAML's folder, checked (an MLflow model's {@code MLmodel} before
 * anything is uploaded), uploaded, and replaced by their {@code sha256:} references.
 */
public final class AssetFiles {

    private AssetFiles() {
    }

    public static AssetSpec publish(AssetSpec spec, SpecDocument document, ArtifactPublisher publisher) {
        return SpecFiles.labelled(document, () -> spec instanceof ModelAssetSpec model
                ? model(model, document.baseDir(), publisher)
                : environment((EnvironmentAssetSpec) spec, document.baseDir(), publisher));
    }

    private static ModelAssetSpec model(ModelAssetSpec model, Path baseDir, ArtifactPublisher publisher) {
        if (model.path() == null || model.path().isBlank()) {
            throw SluiceException.badArgument("path", "(missing)", "the model file or folder (--path)");
        }
        Optional<Path> local = PreparedDeployment.local("path", model.path(), baseDir);
        if (local.isEmpty()) {
            return model;
        }
        ArtifactTree tree = PreparedDeployment.nonEmpty("path", model.path(), ArtifactTree.model(local.get()));
        if (model.typeOrDefault() == ModelType.MLFLOW_MODEL) {
            checkMlflow(tree);
        }
        ArtifactRef ref = publisher.publish("model " + model.path(), tree);
        return model.withPath(ref.toString());
    }

    /** The same check the server makes, before the upload: the one MLmodel, with a flavour Sluice serves. */
    private static void checkMlflow(ArtifactTree tree) {
        String folder = MlflowModel.folderOf(tree.entries().stream().map(ArtifactEntry::path).toList(), "path");
        String file = folder.isEmpty() ? MlflowModel.FILE : folder + "/" + MlflowModel.FILE;
        ArtifactFile mlmodel = tree.files().stream().filter(f -> f.entry().path().equals(file)).findFirst()
                .orElseThrow();
        JsonNode yaml;
        try {
            yaml = new YAMLMapper().readTree(mlmodel.source().toFile());
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "path: " + mlmodel.source() + " is not valid YAML ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", "path");
        }
        try {
            MlflowModel.parse(yaml);
        } catch (SluiceException e) {
            throw e.prefixed("path: " + mlmodel.source());
        }
    }

    private static EnvironmentAssetSpec environment(EnvironmentAssetSpec environment, Path baseDir,
                                                    ArtifactPublisher publisher) {
        environment.requireNoBuild();
        Optional<Path> conda = PreparedDeployment.local("conda_file", environment.condaFile(), baseDir);
        if (conda.isEmpty()) {
            return environment;
        }
        ArtifactRef ref = publisher.publish("conda file " + environment.condaFile(), ArtifactTree.file(conda.get()));
        return environment.withCondaFile(ref.toString());
    }
}
