package dev.sluice.cli.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.Confirmation;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice autoscale delete --endpoint E --deployment D [--yes]}: the deployment keeps its current count, unless
 * it had no instance: then the server gives it its default capacity (at least 1), and this says so on stderr.
 */
@Command(name = "delete", description = "Delete a deployment's autoscale setting; its instance count stays as it is "
        + "(a deployment scaled to zero gets the setting's default capacity, at least 1).")
public final class AutoscaleDeleteCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private DeploymentTarget target;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    private boolean yes;

    public AutoscaleDeleteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.client().autoscale().show(target.endpoint(), target.deployment()); // "does not exist" first
        String what = "the autoscale setting of deployment " + target.deployment() + " of endpoint "
                + target.endpoint();
        if (!yes && !Confirmation.ask(context, spec, "Delete " + what + "? [y/N]")) {
            session.progress("Cancelled: " + what + " was not deleted.");
            return 1;
        }
        JsonNode answer = session.client().autoscale().delete(target.endpoint(), target.deployment());
        if (answer.hasNonNull("message")) {
            session.progress(answer.get("message").asText());
        }
        return 0;
    }
}
