package dev.sluice.cli.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every {@code create} of the registry takes: the YAML file, name, version, description, tags, --set. */
public final class AssetOptions {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A YAML file of Azure's schema.")
    private Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The name.")
    private String name;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", description = "The version (default: the next one).")
    private String version;

    @Option(names = {"-d", "--description"}, paramLabel = "TEXT", description = "A description.")
    private String description;

    @Option(names = "--tags", arity = "1..*", paramLabel = "KEY=VALUE", description = "Tags.")
    private List<String> tags;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a field, such as description=prod.")
    private List<String> sets = new ArrayList<>();

    Path file() {
        return file;
    }

    List<String> sets() {
        return sets;
    }

    /** A registration with these options on top of the file's fields. */
    AssetRegistration registration() {
        return new AssetRegistration().option("name", name).option("version", version)
                .option("description", description).tags(tags);
    }
}
