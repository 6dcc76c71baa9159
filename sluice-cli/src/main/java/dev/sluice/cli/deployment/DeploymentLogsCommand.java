package dev.sluice.cli.deployment;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.core.error.SluiceException;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice online-deployment get-logs -n NAME -e ENDPOINT [--lines N] [--container C]}: the console log
 * of the deployment's instances ({@code inference-server}) or of its preparation ({@code storage-initializer}),
 * printed as the server sends it.
 */
@Command(name = "get-logs", description = "Print a deployment's logs.")
public final class DeploymentLogsCommand implements Callable<Integer> {

    private static final Set<String> CONTAINERS = Set.of("inference-server", "storage-initializer");

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The deployment.")
    private String name;

    @Option(names = {"-e", "--endpoint-name"}, required = true, paramLabel = "ENDPOINT", description = "The endpoint.")
    private String endpointName;

    @Option(names = {"-l", "--lines"}, paramLabel = "N", description = "Only the last N lines.")
    private Integer lines;

    @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER",
            description = "inference-server (default) or storage-initializer.")
    private String container;

    public DeploymentLogsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (lines != null && lines < 1) {
            throw SluiceException.badArgument("--lines", lines, "a number of lines of at least 1");
        }
        if (container != null && !CONTAINERS.contains(container)) {
            throw SluiceException.badArgument("--container", container, "inference-server | storage-initializer");
        }
        Session session = Session.open(context, global);
        String text = session.client().logs(endpointName, name, lines, container);
        context.out().print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
        context.out().flush();
        return 0;
    }
}
