package dev.sluice.cli.token;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice audit [--limit N]}: the newest changes asked of the server, newest first: who, what, when, status. */
@Command(name = "audit", description = "Show the audit log: every change asked of the server, newest first.")
public final class AuditCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = "--limit", paramLabel = "N", description = "How many entries (default: ${DEFAULT-VALUE}).")
    private int limit = 100;

    public AuditCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().audit(limit), ResourceKind.OTHER);
        return 0;
    }
}
