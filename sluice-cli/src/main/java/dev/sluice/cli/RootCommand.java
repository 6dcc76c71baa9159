package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice}: only a holder of subcommands; run alone it is a usage error. */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "Serve machine-learning models behind online endpoints (the `az ml` online-endpoint verbs).")
final class RootCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (expected: " + String.join(" | ", spec.subcommands().keySet()) + ")");
    }

    /** The version from the jar's manifest, when the distribution sets it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RootCommand.class.getPackage().getImplementationVersion();
            return new String[] {"sluice " + (version == null ? "(development build)" : version)};
        }
    }
}
