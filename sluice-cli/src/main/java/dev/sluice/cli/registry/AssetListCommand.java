package dev.sluice.cli.registry;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.core.registry.AssetKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice model|environment list [-n NAME] [--include-archived]}: versions by name, oldest first. */
@Command(name = "list", description = "List registered versions (of one name with -n); archived ones are hidden.")
public final class AssetListCommand implements Callable<Integer> {

    private final CliContext context;
    private final AssetKind kind;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Only the versions of this name.")
    private String name;

    @Option(names = "--include-archived", description = "Also list archived versions.")
    private boolean includeArchived;

    public AssetListCommand(CliContext context, AssetKind kind) {
        this.context = context;
        this.kind = kind;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().assets().list(kind, name, includeArchived), ResourceKind.ASSET);
        return 0;
    }
}
