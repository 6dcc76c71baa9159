package dev.sluice.controlplane.service;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetReference;
import dev.sluice.core.registry.EnvironmentAssetSpec;
import dev.sluice.core.registry.ModelAssetSpec;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EnvironmentSpec;
import dev.sluice.core.spec.ModelSpec;
import dev.sluice.core.store.Store;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a deployment's registered references ({@code model: azureml:name:version}, {@code azureml:name@latest},
 * {@code environment: azureml:env:1}) into what they stand for, keeping the reference at its definite version for
 * {@code show}. Resolved once when the spec is accepted: archiving a version later leaves the deployment running.
 * Azure's curated environments ({@code azureml:AzureML-…}) stay references unless one of that name is registered.
 */
final class AssetResolver {

    private final Store store;

    AssetResolver(Store store) {
        this.store = store;
    }

    DeploymentSpec resolve(DeploymentSpec spec) {
        DeploymentSpec out = spec;
        if (spec.model() != null && spec.model().reference() != null) {
            AssetReference ref = AssetReference.parse(AssetKind.MODEL, "model", spec.model().reference());
            ModelAssetSpec model = (ModelAssetSpec) require(ref, "model").spec();
            out = out.withModel(new ModelSpec(model.path(), model.name(), model.version(), model.typeOrDefault(), null,
                    null, null, ref.atVersion(model.version()).canonical()));
        }
        if (spec.environment() != null && spec.environment().reference() != null) {
            AssetReference ref = AssetReference.parse(AssetKind.ENVIRONMENT, "environment",
                    spec.environment().reference());
            Optional<RegisteredAsset> found = find(ref);
            if (found.isPresent()) {
                EnvironmentAssetSpec environment = (EnvironmentAssetSpec) found.get().spec();
                out = out.withEnvironment(environment.toDeploymentEnvironment(
                        ref.atVersion(environment.version()).canonical()));
            } else if (!ref.isCurated()) {
                throw notFound(ref, "environment");
            } else {
                out = out.withEnvironment(EnvironmentSpec.ofReference(ref.canonical()));
            }
        }
        return out;
    }

    /** The version a reference names, or NOT_FOUND saying which versions there are. */
    RegisteredAsset require(AssetReference ref, String field) {
        return find(ref).orElseThrow(() -> notFound(ref, field));
    }

    private Optional<RegisteredAsset> find(AssetReference ref) {
        return ref.version() != null ? store.findAsset(ref.kind(), ref.name(), ref.version())
                : store.latestAsset(ref.kind(), ref.name());
    }

    private SluiceException notFound(AssetReference ref, String field) {
        String kind = ref.kind().singular();
        String versions = store.listAssets(ref.kind(), ref.name(), false).stream().map(RegisteredAsset::version)
                .collect(Collectors.joining(", "));
        String why;
        if (versions.isEmpty() && store.listAssets(ref.kind(), ref.name(), true).isEmpty()) {
            why = kind + " " + ref.name() + " is not registered (expected: sluice " + kind + " create -n "
                    + ref.name() + " …, or a registered name)";
        } else if (ref.version() == null) {
            why = kind + " " + ref.name() + " has no version that is not archived (expected: a version, or sluice "
                    + kind + " restore)";
        } else {
            why = kind + " " + ref.name() + " has no version " + ref.version() + " (expected: one of "
                    + (versions.isEmpty() ? "its archived versions" : versions) + ")";
        }
        return SluiceException.of(ErrorCode.NOT_FOUND, field + ": " + ref.canonical() + ": " + why, field);
    }
}
