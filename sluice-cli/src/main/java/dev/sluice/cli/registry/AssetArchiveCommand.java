package dev.sluice.cli.registry;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.client.AssetClient;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.core.registry.AssetKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice model|environment archive -n NAME -v VERSION} (and {@code restore}): archived versions leave lists
 * and {@code @latest}; deployments that use one keep running.
 */
@Command(description = "Archive a version (hidden from list and @latest; deployments keep it), or restore one.")
public final class AssetArchiveCommand implements Callable<Integer> {

    private final CliContext context;
    private final AssetKind kind;
    private final boolean archive;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The name.")
    private String name;

    @Option(names = {"-v", "--version"}, required = true, paramLabel = "VERSION", description = "The version.")
    private String version;

    private AssetArchiveCommand(CliContext context, AssetKind kind, boolean archive) {
        this.context = context;
        this.kind = kind;
        this.archive = archive;
    }

    public static AssetArchiveCommand archive(CliContext context, AssetKind kind) {
        return new AssetArchiveCommand(context, kind, true);
    }

    public static AssetArchiveCommand restore(CliContext context, AssetKind kind) {
        return new AssetArchiveCommand(context, kind, false);
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        AssetClient assets = session.client().assets();
        session.print(archive ? assets.archive(kind, name, version) : assets.restore(kind, name, version),
                ResourceKind.ASSET);
        return 0;
    }
}
