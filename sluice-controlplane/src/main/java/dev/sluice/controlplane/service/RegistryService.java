package dev.sluice.controlplane.service;

import dev.sluice.controlplane.artifacts.ArtifactStore;
import dev.sluice.controlplane.artifacts.MlflowModels;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetReference;
import dev.sluice.core.registry.AssetSpec;
import dev.sluice.core.registry.EnvironmentAssetSpec;
import dev.sluice.core.registry.ModelAssetSpec;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.spec.ModelType;
import dev.sluice.core.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The model and environment registry ({@code sluice model …}, {@code sluice environment …}): a version is checked
 * completely (its artifacts uploaded, an MLflow model's {@code MLmodel} servable) before it is stored, so that
 * nothing is registered half-way; once stored it never changes. Calls block; registrations go through the shared
 * {@link MutationLock}, so that two versions assigned at once do not collide.
 */
public final class RegistryService {

    /** Azure's asset names: a letter or digit, then letters, digits, '-', '_' and '.'; at most 255. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.\\-]{0,254}$");
    private static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}$");

    private final Store store;
    private final ArtifactStore artifacts;
    private final MutationLock lock;
    private final Clock clock;
    private final AssetResolver resolver;
    private final MlflowModels mlflow = new MlflowModels();

    private RegistryService(Store store, ArtifactStore artifacts, MutationLock lock, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resolver = new AssetResolver(store);
    }

    public static RegistryService create(Store store, ArtifactStore artifacts, MutationLock lock, Clock clock) {
        return new RegistryService(store, artifacts, lock, clock);
    }

    /**
     * Registers a version; without one, the next integer after the highest integer version of that name.
     *
     * @throws SluiceException BAD_ARGUMENT naming the field, NOT_SUPPORTED for what local instances cannot run,
     *                         CONFLICT when the version exists
     */
    public RegisteredAsset create(AssetSpec spec) {
        Objects.requireNonNull(spec, "spec");
        require("name", spec.name(), NAME);
        if (spec.version() != null) {
            require("version", spec.version(), VERSION);
        }
        if (spec instanceof ModelAssetSpec model) {
            checkModel(model);
        } else {
            checkEnvironment((EnvironmentAssetSpec) spec);
        }
        return lock.call(() -> {
            AssetSpec versioned = spec.version() != null ? spec : spec.withVersion(nextVersion(spec));
            RegisteredAsset asset = new RegisteredAsset(versioned, false, clock.instant());
            store.createAsset(asset);
            return asset;
        });
    }

    /** @throws SluiceException NOT_FOUND naming the versions there are */
    public RegisteredAsset get(AssetKind kind, String name, String version) {
        return resolver.require(new AssetReference(kind, name, version, null), kind.singular());
    }

    /** The version registered last that is not archived. */
    public RegisteredAsset latest(AssetKind kind, String name) {
        return resolver.require(new AssetReference(kind, name, null, AssetReference.LATEST), kind.singular());
    }

    /** Every version of {@code name} (or of every name when null), archived ones only when asked. */
    public List<RegisteredAsset> list(AssetKind kind, String name, boolean includeArchived) {
        return store.listAssets(kind, name, includeArchived);
    }

    /** Archives or restores a version; deployments that use it keep running either way. */
    public RegisteredAsset setArchived(AssetKind kind, String name, String version, boolean archived) {
        return lock.call(() -> {
            get(kind, name, version);
            store.setAssetArchived(kind, name, version, archived);
            return get(kind, name, version);
        });
    }

    private void checkModel(ModelAssetSpec model) {
        if (model.path() == null || model.path().isBlank()) {
            throw SluiceException.badArgument("path", "(missing)", "the model file or folder");
        }
        ArtifactRef ref = ArtifactRef.parse("path", model.path());
        if (!artifacts.exists(ref)) {
            throw SluiceException.badArgument("path", ref, "an uploaded artifact; upload it first");
        }
        if (model.typeOrDefault() == ModelType.MLFLOW_MODEL) {
            mlflow.read(artifacts.path(ref), "path");
        }
    }

    private void checkEnvironment(EnvironmentAssetSpec environment) {
        environment.requireNoBuild();
        if (blank(environment.image()) && blank(environment.condaFile())) {
            throw SluiceException.badArgument("conda_file", "(missing)", "conda_file or image");
        }
        if (!blank(environment.condaFile())) {
            ArtifactRef ref = ArtifactRef.parse("conda_file", environment.condaFile());
            if (!artifacts.exists(ref)) {
                throw SluiceException.badArgument("conda_file", ref, "an uploaded artifact; upload it first");
            }
        }
    }

    private String nextVersion(AssetSpec spec) {
        long highest = store.listAssets(spec.kind(), spec.name(), true).stream().map(RegisteredAsset::version)
                .filter(v -> v.chars().allMatch(Character::isDigit) && v.length() < 18)
                .mapToLong(Long::parseLong).max().orElse(0);
        return Long.toString(highest + 1);
    }

    private static void require(String field, String value, Pattern rule) {
        if (value == null || !rule.matcher(value).matches()) {
            throw SluiceException.badArgument(field, value == null ? "(missing)" : value,
                    "letters, digits, '-', '_' and '.', starting with a letter or digit");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
