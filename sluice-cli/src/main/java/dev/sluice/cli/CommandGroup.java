package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code online-endpoint} and {@code online-deployment}: holders of verbs; run alone, a usage error. */
@Command(mixinStandardHelpOptions = true)
final class CommandGroup implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand (expected: " + String.join(" | ", spec.subcommands().keySet()) + ")");
    }
}
