package dev.sluice.cli.token;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sluice token revoke ID}: the token stops working at once; it stays listed, with {@code revokedAt}. */
@Command(name = "revoke", description = "Revoke a management API token.")
public final class TokenRevokeCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The token's id, as 'sluice token list' shows it.")
    private String id;

    public TokenRevokeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.client().revokeToken(id);
        session.progress("Token " + id + " is revoked.");
        return 0;
    }
}
