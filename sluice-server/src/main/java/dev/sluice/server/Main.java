package dev.sluice.server;

import dev.sluice.cli.Cli;
import dev.sluice.cli.CliContext;

/** The one {@code main}: {@code sluice server}, {@code sluice quickstart} and every CLI verb. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CliContext context = CliContext.system();
        int status = Cli.create(context)
                .addSubcommand("server", new ServerCommand(context.environment(), context.userHome()))
                .addSubcommand("quickstart", new QuickstartCommand(context.environment(), context.userHome()))
                .execute(args);
        // A server returns only after a shutdown; everything else exits with its status.
        System.exit(status);
    }
}
