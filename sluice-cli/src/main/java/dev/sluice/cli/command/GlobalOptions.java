package dev.sluice.cli.command;

import dev.sluice.cli.client.ConnectionOptions;
import dev.sluice.cli.output.OutputFormat;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command takes: which server, and how to print the answer. */
public final class GlobalOptions {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--server", paramLabel = "URL",
            description = "Management API URL, such as https://localhost:7070 (default: the data folder's server.json).")
    private String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Admin token (default: the data folder's admin-token).")
    private String token;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "CA certificate (PEM) to trust for HTTPS (default: the one server.json names).")
    private Path caCert;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data folder of the server (default: $SLUICE_HOME, else ~/.sluice).")
    private String dataDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "json",
            description = "Output format: json, yaml, table, tsv or none (default: ${DEFAULT-VALUE}).")
    private OutputFormat output;

    @Option(names = "--query", paramLabel = "JMESPATH",
            description = "A JMESPath expression applied to the answer before it is printed, as az does.")
    private String query;

    @Mixin
    private AzureOptions azure = new AzureOptions();

    public ConnectionOptions connection() {
        return new ConnectionOptions(server, token, caCert, dataDir);
    }

    public OutputFormat output() {
        return output == null ? OutputFormat.JSON : output;
    }

    /** The --query expression, or null. */
    public String query() {
        return query;
    }

    public AzureOptions azure() {
        return azure;
    }
}
