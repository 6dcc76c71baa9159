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
 * {@code sluice environment create -f env.yml} or {@code -n NAME [-v VERSION] --conda-file F [--image I]}: uploads
 * the conda file and registers an immutable version. A Docker build context ({@code build}) is refused.
 */
@Command(name = "create", description = "Register an environment version from an environment YAML file or options.")
public final class EnvironmentCreateCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private AssetOptions asset;

    @Option(names = {"-c", "--conda-file"}, paramLabel = "FILE", description = "A conda YAML or pip requirements file.")
    private String condaFile;

    @Option(names = {"-i", "--image"}, paramLabel = "IMAGE", description = "The base image (used on Kubernetes).")
    private String image;

    public EnvironmentCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        asset.registration().option("conda_file", condaFile).option("image", image)
                .register(Session.open(context, global), AssetKind.ENVIRONMENT, asset.file(), asset.sets());
        return 0;
    }
}
