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
 * {@code sluice model create -f model.yml} or {@code -n NAME [-v VERSION] --path P [--type T]}: uploads the model
 * file or folder and registers it as an immutable version (the next integer when none is given).
 */
@Command(name = "create", description = "Register a model version from a model YAML file or from options.")
public final class ModelCreateCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A model YAML file (Azure's model schema).")
    private Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The model's name.")
    private String name;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", description = "The version (default: the next one).")
    private String version;

    @Option(names = {"-p", "--path"}, paramLabel = "PATH", description = "The model file or folder.")
    private String path;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE",
            description = "custom_model (default), mlflow_model or triton_model.")
    private String type;

    @Option(names = {"-d", "--description"}, paramLabel = "TEXT", description = "A description.")
    private String description;

    @Option(names = "--tags", arity = "1..*", paramLabel = "KEY=VALUE", description = "Tags.")
    private List<String> tags;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a field, such as stage=Production.")
    private List<String> sets = new ArrayList<>();

    public ModelCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AssetRegistration registration = new AssetRegistration().option("name", name).option("version", version)
                .option("path", path).option("type", type).option("description", description).tags(tags);
        registration.register(Session.open(context, global), AssetKind.MODEL, file, sets);
        return 0;
    }
}
