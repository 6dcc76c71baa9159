package dev.sluice.cli.token;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sluice token rotate-signing-key}: aml_tokens are signed with a new key from now on; tokens signed with the
 * old one keep working until they expire (an hour at most).
 */
@Command(name = "rotate-signing-key", description = "Sign aml_tokens with a new key; issued tokens stay valid.")
public final class SigningKeyRotateCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    public SigningKeyRotateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().rotateSigningKey(), ResourceKind.OTHER);
        return 0;
    }
}
