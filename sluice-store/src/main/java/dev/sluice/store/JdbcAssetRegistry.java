package dev.sluice.store;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.RegisteredAsset;
import java.util.List;
import java.util.Optional;

/**
 * The registry's model and environment versions, on the same database (and transactor) as the rest of the store;
 * {@link JdbcStore} answers the {@code Store}'s asset methods with it.
 */
final class JdbcAssetRegistry {

    private final Transactor tx;
    private final AssetTable assets;
    private final UniqueInsert unique;

    JdbcAssetRegistry(Transactor tx, AssetTable assets, UniqueInsert unique) {
        this.tx = tx;
        this.assets = assets;
        this.unique = unique;
    }

    void create(RegisteredAsset asset) {
        tx.call("register " + asset.describe(), c -> {
            unique.insert(c, x -> assets.find(x, asset.kind(), asset.name(), asset.version()).isPresent(),
                    x -> assets.insert(x, asset), () -> exists(asset));
            return null;
        });
    }

    Optional<RegisteredAsset> find(AssetKind kind, String name, String version) {
        return tx.call("read " + kind.singular() + " " + name + ":" + version,
                c -> assets.find(c, kind, name, version));
    }

    Optional<RegisteredAsset> latest(AssetKind kind, String name) {
        return tx.call("read " + kind.singular() + " " + name + "@latest", c -> assets.latest(c, kind, name));
    }

    List<RegisteredAsset> list(AssetKind kind, String name, boolean includeArchived) {
        return tx.call("list " + kind.plural(), c -> assets.list(c, kind, name, includeArchived));
    }

    boolean setArchived(AssetKind kind, String name, String version, boolean archived) {
        return tx.call("archive " + kind.singular() + " " + name + ":" + version,
                c -> assets.setArchived(c, kind, name, version, archived) > 0);
    }

    private static SluiceException exists(RegisteredAsset asset) {
        return SluiceException.of(ErrorCode.CONFLICT, asset.describe() + " already exists (expected: a new version;"
                + " registered versions never change)", "version");
    }
}
