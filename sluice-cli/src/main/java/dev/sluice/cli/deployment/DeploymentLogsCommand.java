package dev.sluice.cli.deployment;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.core.error.SluiceException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice online-deployment get-logs -n NAME -e ENDPOINT [--lines N] [--container C] [--follow]}: the
 * console log of the deployment's instances ({@code inference-server}) or of its preparation
 * ({@code storage-initializer}), printed as the server sends it; with {@code --follow}, new lines as they come,
 * until Ctrl-C.
 */
@Command(name = "get-logs", description = "Print a deployment's logs.")
public final class DeploymentLogsCommand implements Callable<Integer> {

    private static final Set<String> CONTAINERS = Set.of("inference-server", "storage-initializer");
    /** Lines fetched per poll while following: more than a busy instance writes between two polls. */
    private static final int FOLLOW_WINDOW = 1000;

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

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they are written, until Ctrl-C.")
    private boolean follow;

    public DeploymentLogsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (lines != null && lines < 1) {
            throw SluiceException.badArgument("--lines", lines, "a number of lines of at least 1");
        }
        if (container != null && !CONTAINERS.contains(container)) {
            throw SluiceException.badArgument("--container", container, "inference-server | storage-initializer");
        }
        Session session = Session.open(context, global);
        if (follow) {
            return follow(session);
        }
        String text = session.client().logs(endpointName, name, lines, container);
        context.out().print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
        context.out().flush();
        return 0;
    }

    /** Polls the tail and prints what is new; ends with the deployment (an error) or with Ctrl-C. */
    private Integer follow(Session session) throws InterruptedException {
        LogFollower follower = new LogFollower();
        Integer window = lines == null ? FOLLOW_WINDOW : lines;
        while (true) {
            String text = session.client().logs(endpointName, name, window, container);
            for (String line : follower.next(text.isEmpty() ? List.of() : List.of(text.split("\n", -1)))) {
                if (!line.isEmpty()) {
                    context.out().println(line);
                }
            }
            context.out().flush();
            Thread.sleep(context.pollInterval().toMillis());
            window = FOLLOW_WINDOW;
        }
    }
}
