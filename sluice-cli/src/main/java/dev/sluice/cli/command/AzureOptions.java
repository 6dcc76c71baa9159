package dev.sluice.cli.command;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options of {@code az ml} that Sluice accepts so that an Azure CLI line runs as it is: where they cannot matter
 * (one server is one workspace) they are ignored with a note on stderr naming each; where they would change what
 * happens in a way Sluice cannot do, the command fails with a message that says so, not "Unknown option".
 */
public final class AzureOptions {

    @Option(names = {"-g", "--resource-group"}, paramLabel = "GROUP",
            description = "Accepted for az compatibility and ignored: a Sluice server is one workspace.")
    private String resourceGroup;

    @Option(names = {"-w", "--workspace-name"}, paramLabel = "WORKSPACE",
            description = "Accepted for az compatibility and ignored: a Sluice server is one workspace.")
    private String workspace;

    @Option(names = "--subscription", paramLabel = "SUBSCRIPTION",
            description = "Accepted for az compatibility and ignored: Sluice has no subscriptions.")
    private String subscription;

    @Option(names = "--local", description = "Accepted for az compatibility: every Sluice deployment runs locally.")
    private boolean local;

    @Option(names = "--skip-script-validation", description = "Accepted for az compatibility and ignored.")
    private boolean skipScriptValidation;

    @Option(names = "--vscode-debug", description = "Not supported: az attaches VS Code to a local Docker container.")
    private boolean vscodeDebug;

    @Option(names = "--local-enable-gpu", description = "Not supported: local instances have no GPU.")
    private boolean localGpu;

    @Option(names = "--package-model", description = "Not supported: Sluice serves the model folder as uploaded.")
    private boolean packageModel;

    /**
     * The note for each option that is accepted and ignored, for stderr.
     *
     * @throws SluiceException NOT_SUPPORTED for an option that would change what the command does
     */
    public List<String> notes() {
        refuse(vscodeDebug, "--vscode-debug", "attaching VS Code needs az's local Docker container (expected: print or"
                + " logging in score.py, shown by sluice online-deployment get-logs)");
        refuse(localGpu, "--local-enable-gpu", "local instances run on this machine's CPU (expected: no GPU option)");
        refuse(packageModel, "--package-model", "Sluice serves the model folder as uploaded, without packaging it");
        List<String> notes = new ArrayList<>();
        ignored(notes, "--resource-group", resourceGroup, "a Sluice server is one workspace; --server or"
                + " --data-dir picks the server");
        ignored(notes, "--workspace-name", workspace, "a Sluice server is one workspace; --server or --data-dir"
                + " picks the server");
        ignored(notes, "--subscription", subscription, "Sluice has no Azure subscriptions");
        ignored(notes, "--local", local ? "" : null, "every Sluice deployment runs on this machine already, with keys"
                + " and traffic as usual");
        ignored(notes, "--skip-script-validation", skipScriptValidation ? "" : null,
                "Sluice does not validate scoring scripts before they run");
        return notes;
    }

    private static void refuse(boolean given, String option, String why) {
        if (given) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, option + " is not supported: " + why, option);
        }
    }

    private static void ignored(List<String> notes, String option, String value, String why) {
        if (value != null) {
            notes.add("WARNING: " + option + (value.isEmpty() ? "" : " " + value) + " is ignored: " + why);
        }
    }
}
