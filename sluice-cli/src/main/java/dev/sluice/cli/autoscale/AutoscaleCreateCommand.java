package dev.sluice.cli.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice autoscale create|update -f autoscale.json --endpoint E --deployment D}. */
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
        JsonNode answer = mode == Mode.CREATE
                ? session.client().autoscale().create(target.endpoint(), target.deployment(), json)
                : session.client().autoscale().update(target.endpoint(), target.deployment(), json);
        SettingFile.warn(answer, context.err());
        session.print(answer, ResourceKind.OTHER);
        return 0;
    }
}
