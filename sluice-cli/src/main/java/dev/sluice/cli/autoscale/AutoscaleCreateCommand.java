package dev.sluice.cli.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.client.AutoscaleClient;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.command.StrictOption;
import dev.sluice.cli.output.ResourceKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice autoscale create|update -f autoscale.json --endpoint E --deployment D [--strict]}. */
@Command(description = "Create (or, as update, replace) a deployment's autoscale setting from Azure Monitor's JSON.")
public final class AutoscaleCreateCommand implements Callable<Integer> {

    /** Whether the command makes a new setting or replaces the one there is. */
    public enum Mode { CREATE, UPDATE }

    private final CliContext context;
    private final Mode mode;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private DeploymentTarget target;

    @Mixin
    private StrictOption strict;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "The autoscale setting: Azure Monitor's JSON (profiles, rules, recurrence, fixedDate).")
    private Path file;

    public AutoscaleCreateCommand(CliContext context, Mode mode) {
        this.context = context;
        this.mode = mode;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        String json = SettingFile.read(session.workingDir().resolve(file));
        AutoscaleClient autoscale = strict.client(session).autoscale();
        JsonNode answer = mode == Mode.CREATE
                ? autoscale.create(target.endpoint(), target.deployment(), json)
                : autoscale.update(target.endpoint(), target.deployment(), json);
        SettingFile.warn(answer, context.err());
        session.print(answer, ResourceKind.OTHER);
        return 0;
    }
}
