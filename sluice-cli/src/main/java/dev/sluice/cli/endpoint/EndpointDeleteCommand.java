package dev.sluice.cli.endpoint;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.Confirmation;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.command.WaitOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice online-endpoint delete -n NAME [--yes]}: deletes the endpoint and all its deployments. */
@Command(name = "delete", description = "Delete an endpoint and all its deployments.")
public final class EndpointDeleteCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private WaitOptions waiting;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The endpoint.")
    private String name;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    private boolean yes;

    public EndpointDeleteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.client().getEndpoint(name); // a clear "does not exist" before asking anything
        if (!yes && !Confirmation.ask(context, spec, "Delete endpoint " + name + " and all its deployments? [y/N]")) {
            session.progress("Cancelled: endpoint " + name + " was not deleted.");
            return 1;
        }
        session.client().deleteEndpoint(name);
        if (waiting.shouldWait()) {
            session.waiter().endpointGone(name);
        } else {
            session.progress("Deleting endpoint " + name + " (not waiting).");
        }
        return 0;
    }
}
