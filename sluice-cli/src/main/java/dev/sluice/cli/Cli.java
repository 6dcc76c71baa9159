package dev.sluice.cli;

import dev.sluice.cli.autoscale.AutoscaleCreateCommand;
import dev.sluice.cli.autoscale.AutoscaleDeleteCommand;
import dev.sluice.cli.autoscale.AutoscaleHistoryCommand;
import dev.sluice.cli.autoscale.AutoscaleListCommand;
import dev.sluice.cli.autoscale.AutoscaleShowCommand;
import dev.sluice.cli.deployment.DeploymentCreateCommand;
import dev.sluice.cli.deployment.DeploymentDeleteCommand;
import dev.sluice.cli.deployment.DeploymentListCommand;
import dev.sluice.cli.deployment.DeploymentLogsCommand;
import dev.sluice.cli.deployment.DeploymentShowCommand;
import dev.sluice.cli.deployment.DeploymentUpdateCommand;
import dev.sluice.cli.endpoint.EndpointCreateCommand;
import dev.sluice.cli.endpoint.EndpointCredentialsCommand;
import dev.sluice.cli.endpoint.EndpointDeleteCommand;
import dev.sluice.cli.endpoint.EndpointInvokeCommand;
import dev.sluice.cli.endpoint.EndpointListCommand;
import dev.sluice.cli.endpoint.EndpointRegenerateKeysCommand;
import dev.sluice.cli.endpoint.EndpointShowCommand;
import dev.sluice.cli.endpoint.EndpointUpdateCommand;
import dev.sluice.cli.output.OutputFormat;
import dev.sluice.cli.registry.AssetArchiveCommand;
import dev.sluice.cli.registry.AssetListCommand;
import dev.sluice.cli.registry.AssetShowCommand;
import dev.sluice.cli.registry.EnvironmentCreateCommand;
import dev.sluice.cli.registry.ModelCreateCommand;
import dev.sluice.cli.registry.ModelDownloadCommand;
import dev.sluice.cli.token.AuditCommand;
import dev.sluice.cli.token.SigningKeyRotateCommand;
import dev.sluice.cli.token.TokenCreateCommand;
import dev.sluice.cli.token.TokenListCommand;
import dev.sluice.cli.token.TokenRevokeCommand;
import dev.sluice.core.auth.ManagementRole;
import dev.sluice.core.model.KeyType;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.spec.AuthMode;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * The {@code sluice} command line: {@code online-endpoint}, {@code online-deployment}, {@code model},
 * {@code environment}, {@code token} and {@code audit} verbs (DESIGN.md §3) over the management REST API. The server module adds its own commands ({@code server}, {@code quickstart})
 * with {@link #addSubcommand}. Errors come out as one line on stderr and exit 1 (server or validation
 * errors) or 2 (usage errors).
 * <pre>{@code
 * int status = Cli.create(CliContext.system()).addSubcommand("server", new ServerCommand()).execute(args);
 * }</pre>
 */
public final class Cli {

    private final CliContext context;
    private final CommandLine root;

    private Cli(CliContext context, CommandLine root) {
        this.context = context;
        this.root = root;
    }

    /** The root command with both groups of verbs, writing to the context's streams. */
    public static Cli create(CliContext context) {
        CommandLine root = new CommandLine(new RootCommand());
        root.addSubcommand("online-endpoint", group("Create and manage online endpoints.")
                .addSubcommand("create", new EndpointCreateCommand(context))
                .addSubcommand("update", new EndpointUpdateCommand(context))
                .addSubcommand("show", new EndpointShowCommand(context))
                .addSubcommand("delete", new EndpointDeleteCommand(context))
                .addSubcommand("list", new EndpointListCommand(context))
                .addSubcommand("invoke", new EndpointInvokeCommand(context))
                .addSubcommand("get-credentials", new EndpointCredentialsCommand(context))
                .addSubcommand("regenerate-keys", new EndpointRegenerateKeysCommand(context)));
        root.addSubcommand("online-deployment", group("Create and manage deployments of online endpoints.")
                .addSubcommand("create", new DeploymentCreateCommand(context))
                .addSubcommand("update", new DeploymentUpdateCommand(context))
                .addSubcommand("show", new DeploymentShowCommand(context))
                .addSubcommand("delete", new DeploymentDeleteCommand(context))
                .addSubcommand("list", new DeploymentListCommand(context))
                .addSubcommand("get-logs", new DeploymentLogsCommand(context)));
        root.addSubcommand("autoscale", group("Scale deployments with Azure Monitor autoscale settings.")
                .addSubcommand("create", new AutoscaleCreateCommand(context, AutoscaleCreateCommand.Mode.CREATE))
                .addSubcommand("update", new AutoscaleCreateCommand(context, AutoscaleCreateCommand.Mode.UPDATE))
                .addSubcommand("show", new AutoscaleShowCommand(context))
                .addSubcommand("delete", new AutoscaleDeleteCommand(context))
                .addSubcommand("list", new AutoscaleListCommand(context))
                .addSubcommand("history", new AutoscaleHistoryCommand(context)));
        root.addSubcommand("model", group("Register, list, show, archive and download model versions.")
                .addSubcommand("create", new ModelCreateCommand(context))
                .addSubcommand("list", new AssetListCommand(context, AssetKind.MODEL))
                .addSubcommand("show", new AssetShowCommand(context, AssetKind.MODEL))
                .addSubcommand("archive", AssetArchiveCommand.archive(context, AssetKind.MODEL))
                .addSubcommand("restore", AssetArchiveCommand.restore(context, AssetKind.MODEL))
                .addSubcommand("download", new ModelDownloadCommand(context)));
        root.addSubcommand("environment", group("Register, list, show and archive environment versions.")
                .addSubcommand("create", new EnvironmentCreateCommand(context))
                .addSubcommand("list", new AssetListCommand(context, AssetKind.ENVIRONMENT))
                .addSubcommand("show", new AssetShowCommand(context, AssetKind.ENVIRONMENT))
                .addSubcommand("archive", AssetArchiveCommand.archive(context, AssetKind.ENVIRONMENT))
                .addSubcommand("restore", AssetArchiveCommand.restore(context, AssetKind.ENVIRONMENT)));
        root.addSubcommand("token", group("Manage the management API's tokens and the aml_token signing key.")
                .addSubcommand("create", new TokenCreateCommand(context))
                .addSubcommand("list", new TokenListCommand(context))
                .addSubcommand("revoke", new TokenRevokeCommand(context))
                .addSubcommand("rotate-signing-key", new SigningKeyRotateCommand(context)));
        root.addSubcommand("audit", new AuditCommand(context));
        Cli cli = new Cli(context, root);
        cli.configure();
        return cli;
    }

    /** Adds a top-level command (a picocli {@code @Command} object or a {@link CommandLine}). */
    public Cli addSubcommand(String name, Object command) {
        root.addSubcommand(name, command);
        configure();
        return this;
    }

    /** The picocli root, named {@code sluice}. */
    public CommandLine commandLine() {
        return root;
    }

    /** Runs one command line and answers the exit status (0 ok, 1 failure, 2 usage error). */
    public int execute(String... args) {
        configure();
        int status = root.execute(args);
        context.out().flush();
        context.err().flush();
        return status;
    }

    /** Applies to every command present, so it runs again after {@link #addSubcommand}. */
    private void configure() {
        ErrorReporter errors = new ErrorReporter(context.err(), context.environment());
        root.setOut(context.out())
                .setErr(context.err())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        root.registerConverter(OutputFormat.class, converter(OutputFormat::parse));
        root.registerConverter(AuthMode.class, converter(AuthMode::fromWire));
        root.registerConverter(KeyType.class, converter(KeyType::fromWire));
        root.registerConverter(ManagementRole.class, converter(ManagementRole::fromWire));
    }

    private static CommandLine group(String description) {
        CommandLine group = new CommandLine(new CommandGroup());
        group.getCommandSpec().usageMessage().description(description);
        return group;
    }

    /** Reports a bad value as {@code Invalid value for option '--auth-mode': foo (expected: key | …)}. */
    private static <T> CommandLine.ITypeConverter<T> converter(Function<String, T> parse) {
        return value -> {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }
}
