package dev.sluice.cli.autoscale;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice autoscale show --endpoint E --deployment D}. */
@Command(name = "show", description = "Show a deployment's autoscale setting and the warnings about it.")
public final class AutoscaleShowCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private DeploymentTarget target;

    public AutoscaleShowCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().autoscale().show(target.endpoint(), target.deployment()), ResourceKind.OTHER);
        return 0;
    }
}
