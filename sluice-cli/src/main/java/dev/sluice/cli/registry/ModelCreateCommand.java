package dev.sluice.cli.registry;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.core.registry.AssetKind;
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

    @Mixin
    private AssetOptions asset;

    @Option(names = {"-p", "--path"}, paramLabel = "PATH", description = "The model file or folder.")
    private String path;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE",
            description = "custom_model (default), mlflow_model or triton_model.")
    private String type;

    public ModelCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        asset.registration().option("path", path).option("type", type)
                .register(Session.open(context, global), AssetKind.MODEL, asset.file(), asset.sets());
        return 0;
    }
}
