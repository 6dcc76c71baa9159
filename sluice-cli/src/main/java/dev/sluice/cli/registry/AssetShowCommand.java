package dev.sluice.cli.registry;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetReference;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice model|environment show -n NAME (-v VERSION | -l latest)}. */
@Command(name = "show", description = "Show a registered version (-v) or the latest one (-l latest).")
public final class AssetShowCommand implements Callable<Integer> {

    private final CliContext context;
    private final AssetKind kind;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The name.")
    private String name;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", description = "The version.")
    private String version;

    @Option(names = {"-l", "--label"}, paramLabel = "LABEL", description = "latest: the version registered last"
            + " that is not archived.")
    private String label;

    public AssetShowCommand(CliContext context, AssetKind kind) {
        this.context = context;
        this.kind = kind;
    }

    @Override
    public Integer call() {
        if ((version == null) == (label == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of -v VERSION and -l latest");
        }
        if (label != null && !label.equals(AssetReference.LATEST)) {
            throw SluiceException.badArgument("--label", label, "latest, the one label Sluice knows");
        }
        Session session = Session.open(context, global);
        session.print(version != null ? session.client().assets().get(kind, name, version)
                : session.client().assets().latest(kind, name), ResourceKind.ASSET);
        return 0;
    }
}
