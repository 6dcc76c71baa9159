package dev.sluice.cli.command;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.Terminal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Asks before something destructive: on a terminal, a y/N question; without one, a usage error asking for --yes. */
public final class Confirmation {

    private Confirmation() {
    }

    /** True when the user answered y or yes. */
    public static boolean ask(CliContext context, CommandSpec command, String question) {
        if (context.terminal() != Terminal.ATTACHED) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "no terminal to confirm on: pass --yes to " + command.qualifiedName().replaceFirst("^sluice ", ""));
        }
        context.err().print(question + " ");
        context.err().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(context.in(), Charset.defaultCharset())).readLine();
            String normalized = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
            return normalized.equals("y") || normalized.equals("yes");
        } catch (IOException e) {
            return false;
        }
    }
}
