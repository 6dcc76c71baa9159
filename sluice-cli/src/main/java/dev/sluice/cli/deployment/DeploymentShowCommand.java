package dev.sluice.cli.deployment;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice online-deployment show -n NAME -e ENDPOINT}: the deployment with its instances and events. */
@Command(name = "show", description = "Show a deployment with its instances and recent events.")
public final class DeploymentShowCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The deployment.")
    private String name;

    @Option(names = {"-e", "--endpoint-name"}, required = true, paramLabel = "ENDPOINT", description = "The endpoint.")
    private String endpointName;

    public DeploymentShowCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().getDeployment(endpointName, name), ResourceKind.DEPLOYMENT);
        return 0;
    }
}
