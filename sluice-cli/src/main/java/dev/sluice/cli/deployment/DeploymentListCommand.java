package dev.sluice.cli.deployment;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice online-deployment list -e ENDPOINT}: a JSON array of the endpoint's deployments. */
@Command(name = "list", description = "List an endpoint's deployments.")
public final class DeploymentListCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-e", "--endpoint-name"}, required = true, paramLabel = "ENDPOINT", description = "The endpoint.")
    private String endpointName;

    public DeploymentListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().listDeployments(endpointName), ResourceKind.DEPLOYMENT);
        return 0;
    }
}
