package dev.sluice.cli.endpoint;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.core.model.KeyType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice online-endpoint regenerate-keys -n NAME [--key-type primary|secondary]}; prints the endpoint (no keys). */
@Command(name = "regenerate-keys", description = "Replace one of the endpoint's keys with a new one.")
public final class EndpointRegenerateKeysCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The endpoint.")
    private String name;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "primary",
            description = "primary or secondary (default: ${DEFAULT-VALUE}).")
    private KeyType keyType;

    public EndpointRegenerateKeysCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        session.print(session.client().regenerateKeys(name, keyType), ResourceKind.ENDPOINT);
        return 0;
    }
}
