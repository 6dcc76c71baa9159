package dev.sluice.core.registry;

/** What a user registers: a model version ({@link ModelAssetSpec}) or an environment version ({@link EnvironmentAssetSpec}). */
public sealed interface AssetSpec permits ModelAssetSpec, EnvironmentAssetSpec {

    AssetKind kind();

    String name();

    /** The version, or null before the registry assigns the next one. */
    String version();

    AssetSpec withVersion(String newVersion);
}
