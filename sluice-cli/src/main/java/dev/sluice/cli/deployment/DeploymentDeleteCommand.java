package dev.sluice.cli.deployment;

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

/**
 * {@code sluice online-deployment delete -n NAME -e ENDPOINT [--yes]}. The server refuses (409) while the
 * deployment has live or mirror traffic; its message says so.
 */
@Command(name = "delete", description = "Delete a deployment (move its traffic away first).")
public final class DeploymentDeleteCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private WaitOptions waiting;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The deployment.")
    private String name;

    @Option(names = {"-e", "--endpoint-name"}, required = true, paramLabel = "ENDPOINT", description = "The endpoint.")
    private String endpointName;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    private boolean yes;

    public DeploymentDeleteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.client().getDeployment(endpointName, name); // a clear "does not exist" before asking anything
        if (!yes && !Confirmation.ask(context, spec,
                "Delete deployment " + name + " of endpoint " + endpointName + "? [y/N]")) {
            session.progress("Cancelled: deployment " + name + " was not deleted.");
            return 1;
        }
        session.client().deleteDeployment(endpointName, name);
        if (waiting.shouldWait()) {
            session.waiter().deploymentGone(endpointName, name);
        } else {
            session.progress("Deleting deployment " + name + " of endpoint " + endpointName + " (not waiting).");
        }
        return 0;
    }
}
