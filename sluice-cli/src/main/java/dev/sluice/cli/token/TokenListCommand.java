package dev.sluice.cli.token;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice token list}: the management API's tokens, revoked ones included, never their secrets. */
@Command(name = "list", description = "List the management API tokens (without their secrets).")
public final class TokenListCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    public TokenListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().listTokens(), ResourceKind.OTHER);
        return 0;
    }
}
