package dev.sluice.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.artifacts.ArtifactArchive;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice model download -n NAME -v VERSION [--download-path DIR]}: writes the version's files under
 * {@code DIR/NAME/} as az does (a folder keeps its own name: {@code DIR/NAME/model/MLmodel}), checked against
 * the version's digest. An existing {@code DIR/NAME} is refused rather than mixed with.
 */
@Command(name = "download", description = "Download a model version's files to --download-path/NAME/.")
public final class ModelDownloadCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The model's name.")
    private String name;

    @Option(names = {"-v", "--version"}, required = true, paramLabel = "VERSION", description = "The version.")
    private String version;

    @Option(names = {"-p", "--download-path"}, paramLabel = "DIR", description = "Where to write (default: .).")
    private Path downloadPath;

    public ModelDownloadCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        JsonNode model = session.client().assets().get(AssetKind.MODEL, name, version);
        ArtifactRef ref = ArtifactRef.parse("path", model.path("path").asText());
        Path target = (downloadPath == null ? session.workingDir() : downloadPath.toAbsolutePath()).resolve(name);
        if (Files.exists(target)) {
            throw SluiceException.badArgument("--download-path", target + " exists", "a folder without " + name
                    + "/ in it, so that nothing is overwritten");
        }
        Path zip = null;
        try {
            zip = Files.createTempFile("sluice-download-", ".zip");
            session.client().artifacts().download(ref, zip);
            ArtifactArchive.extract(zip, target, ref);
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.INTERNAL, "cannot download model " + name + " version " + version
                    + " to " + target + ": " + e.getMessage());
        } finally {
            deleteQuietly(zip);
        }
        session.progress("Downloaded model " + name + " version " + version + " to " + target);
        session.print(model, ResourceKind.ASSET);
        return 0;
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover temporary zip is harmless.
        }
    }
}
