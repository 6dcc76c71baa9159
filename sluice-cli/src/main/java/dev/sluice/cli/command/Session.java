package dev.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.artifacts.ArtifactPublisher;
import dev.sluice.cli.artifacts.ArtifactUploader;
import dev.sluice.cli.client.ServerLocator;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.cli.output.OutputPrinter;
import dev.sluice.cli.output.Query;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.cli.yaml.SpecFiles;
import java.nio.file.Path;

/**
 * One command's run: its context and global options, the client (connected on first use, so that a bad
 * YAML file is reported even when no server runs), the spec files reader and the output.
 */
public final class Session {

    private final CliContext context;
    private final GlobalOptions options;
    private SluiceClient client;

    private Session(CliContext context, GlobalOptions options) {
        this.context = context;
        this.options = options;
    }

    /** Prints a note on stderr for each az option that is accepted and ignored; fails for one Sluice cannot honour. */
    public static Session open(CliContext context, GlobalOptions options) {
        if (options.query() != null) {
            Query.of(options.query()); // a bad expression fails before anything changes on the server
        }
        Session session = new Session(context, options);
        options.azure().notes().forEach(session::progress);
        return session;
    }

    public CliContext context() {
        return context;
    }

    public SluiceClient client() {
        if (client == null) {
            client = SluiceClient.connect(ServerLocator.create(context.environment(), context.userHome())
                    .locate(options.connection()));
        }
        return client;
    }

    /** Reads spec files; deployments' local files are uploaded to this session's server. */
    public SpecFiles specFiles() {
        return SpecFiles.create(artifacts(), this::warn);
    }

    /** Uploads artifacts to this session's server (connecting on first use). */
    public ArtifactPublisher artifacts() {
        return (label, tree) -> ArtifactUploader.create(client(), context.err()).publish(label, tree);
    }

    public ProvisioningWaiter waiter() {
        return ProvisioningWaiter.create(client(), context.pollInterval(), context.waitTimeout(), this::progress);
    }

    /** The folder that relative paths typed on the command line are relative to. */
    public Path workingDir() {
        return Path.of("").toAbsolutePath();
    }

    /** Prints the answer in the chosen format, after {@code --query} when one is given. */
    public void print(JsonNode document, ResourceKind kind) {
        if (options.query() == null) {
            OutputPrinter.create(options.output(), context.out()).print(document, kind);
        } else {
            JsonNode selected = Query.of(options.query()).apply(document);
            OutputPrinter.create(options.output(), context.out()).print(selected == null
                    ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : selected, ResourceKind.OTHER);
        }
    }

    /** A warning line on stderr: a key or option that is accepted but does not take effect. */
    public void warn(String line) {
        progress(line.startsWith("WARNING: ") ? line : "WARNING: " + line);
    }

    /** A warning line for each of the resource's {@code warnings}, prefixed with its name. */
    public void warnAbout(String name, JsonNode resource) {
        resource.path("warnings").forEach(w -> warn(name + ": " + w.asText()));
    }

    /** A progress line on stderr. */
    public void progress(String line) {
        context.err().println(line);
        context.err().flush();
    }
}
