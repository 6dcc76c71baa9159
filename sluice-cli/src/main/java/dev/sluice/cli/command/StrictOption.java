package dev.sluice.cli.command;

import dev.sluice.cli.client.SluiceClient;
import picocli.CommandLine.Option;

/** {@code --strict}: a key that would only produce a warning fails the create or update instead. */
public final class StrictOption {

    @Option(names = "--strict", description = "Refuse the change when a key would be accepted without effect "
            + "(a warning otherwise).")
    private boolean strict;

    /** The session's client, strict when asked. */
    public SluiceClient client(Session session) {
        return strict ? session.client().strict() : session.client();
    }
}
