package dev.sluice.cli.autoscale;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice autoscale history --endpoint E --deployment D [--limit N]}: every decision, oldest first. */
@Command(name = "history", description = "List the autoscaler's decisions for a deployment, with the rule and the "
        + "values that caused each.")
public final class AutoscaleHistoryCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private DeploymentTarget target;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most this many of the newest decisions (default: ${DEFAULT-VALUE}).")
    private int limit;

    public AutoscaleHistoryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().autoscale().history(target.endpoint(), target.deployment(), limit)
                .path("value"), ResourceKind.OTHER);
        return 0;
    }
}
