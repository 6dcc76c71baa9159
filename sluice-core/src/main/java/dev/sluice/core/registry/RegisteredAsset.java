package dev.sluice.core.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One registered version as the store keeps it. Versions are immutable; {@code archived} hides a version from
 * listings and from {@code @latest} (as Azure's archive does), while references to it by version keep working.
 */
public record RegisteredAsset(AssetSpec spec, boolean archived, Instant createdAt) {

    public RegisteredAsset {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(spec.name(), "spec.name");
        Objects.requireNonNull(spec.version(), "spec.version");
    }

    public AssetKind kind() {
        return spec.kind();
    }

    public String name() {
        return spec.name();
    }

    public String version() {
        return spec.version();
    }

    public RegisteredAsset withArchived(boolean newArchived) {
        return new RegisteredAsset(spec, newArchived, createdAt);
    }

    /** {@code model my-model version 1}, for messages. */
    public String describe() {
        return kind().singular() + " " + name() + " version " + version();
    }
}
