package dev.sluice.cli.registry;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.core.registry.AssetKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice environment create -f env.yml} or {@code -n NAME [-v VERSION] --conda-file F [--image I]}: uploads
 * the conda file and registers an immutable version. A Docker build context ({@code build}) is refused.
 */
@Command(name = "create", description = "Register an environment version from an environment YAML file or options.")
public final class EnvironmentCreateCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "An environment YAML file (Azure's schema).")
    private Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The environment's name.")
    private String name;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", description = "The version (default: the next one).")
    private String version;

    @Option(names = {"-c", "--conda-file"}, paramLabel = "FILE", description = "A conda YAML or pip requirements file.")
    private String condaFile;

    @Option(names = {"-i", "--image"}, paramLabel = "IMAGE", description = "The base image (used on Kubernetes).")
    private String image;

    @Option(names = {"-d", "--description"}, paramLabel = "TEXT", description = "A description.")
    private String description;

    @Option(names = "--tags", arity = "1..*", paramLabel = "KEY=VALUE", description = "Tags.")
    private List<String> tags;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a field, such as description=prod.")
    private List<String> sets = new ArrayList<>();

    public EnvironmentCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AssetRegistration registration = new AssetRegistration().option("name", name).option("version", version)
                .option("conda_file", condaFile).option("image", image).option("description", description).tags(tags);
        registration.register(Session.open(context, global), AssetKind.ENVIRONMENT, file, sets);
        return 0;
    }
}
