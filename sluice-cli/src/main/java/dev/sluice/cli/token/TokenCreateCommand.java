package dev.sluice.cli.token;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.core.auth.ManagementRole;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice token create --role reader|admin [--name N]}: a management API token, printed once with its secret
 * ({@code token}); the server keeps only its hash. Use it as {@code --token} or {@code Authorization: Bearer}.
 */
@Command(name = "create", description = "Create a management API token (printed once).")
public final class TokenCreateCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "reader (reads everything but keys and tokens) or admin (everything).")
    private ManagementRole role;

    @Option(names = "--name", paramLabel = "NAME", description = "What the token is for, shown in lists and the audit log.")
    private String name;

    public TokenCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().createToken(role.wire(), name), ResourceKind.OTHER);
        session.progress("The token is shown this once; keep it somewhere safe.");
        return 0;
    }
}
