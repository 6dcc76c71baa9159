package dev.sluice.cli.autoscale;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice autoscale list [--endpoint E]}. */
@Command(name = "list", description = "List autoscale settings.")
public final class AutoscaleListCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-e", "--endpoint", "--endpoint-name"}, paramLabel = "ENDPOINT",
            description = "Only this endpoint's settings.")
    private String endpoint;

    public AutoscaleListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().autoscale().list(endpoint).path("value"), ResourceKind.OTHER);
        return 0;
    }
}
