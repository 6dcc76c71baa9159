package dev.sluice.cli.command;

import picocli.CommandLine.Option;

/** {@code --no-wait}, on commands that start a long operation. */
public final class WaitOptions {

    @Option(names = "--no-wait", description = "Return once the server accepted the change; do not wait for a final state.")
    private boolean noWait;

    public boolean shouldWait() {
        return !noWait;
    }
}
