package dev.sluice.cli.endpoint;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice online-endpoint list}: a JSON array of endpoints. */
@Command(name = "list", description = "List the endpoints.")
public final class EndpointListCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    public EndpointListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().listEndpoints(), ResourceKind.ENDPOINT);
        return 0;
    }
}
