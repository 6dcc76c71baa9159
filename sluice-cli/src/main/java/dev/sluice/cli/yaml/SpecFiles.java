package dev.sluice.cli.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.cli.artifacts.ArtifactPublisher;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetSpec;
import dev.sluice.core.registry.EnvironmentAssetSpec;
import dev.sluice.core.registry.ModelAssetSpec;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentValidator;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EndpointValidator;
import dev.sluice.core.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads Azure ML {@code endpoint.yml} / {@code deployment.yml} files as they are ({@code $schema} included),
 * binds and validates them with {@link SpecReader} and the core validators, and prefixes every error with
 * the file ({@code blue.yml: instance_count: 0 (expected: 1..50)}). For deployments it then uploads the
 * local model, code and conda file and answers the spec with {@code sha256:} references in their place.
 */
public final class SpecFiles {

    private final SpecReader reader;
    private final ArtifactPublisher publisher;
    private final YAMLMapper yaml;
    private final Consumer<String> warnings;

    private SpecFiles(SpecReader reader, ArtifactPublisher publisher, Consumer<String> warnings) {
        this.reader = reader;
        this.publisher = publisher;
        this.warnings = warnings;
        this.yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** Reads specs without a warning sink: dropped read-only fields are not reported (tests). */
    public static SpecFiles create(ArtifactPublisher publisher) {
        return create(publisher, warning -> { });
    }

    /** @param warnings told about each field that is accepted but ignored (a read-only field of exported YAML) */
    public static SpecFiles create(ArtifactPublisher publisher, Consumer<String> warnings) {
        return new SpecFiles(SpecReader.create(), publisher, warnings);
    }

    /** The document as a model or environment version ({@code model.yml}, {@code environment.yml}), bound. */
    public AssetSpec asset(AssetKind kind, SpecDocument document) {
        ReadOnlyFields.strip(document, kind == AssetKind.MODEL ? ModelAssetSpec.class : EnvironmentAssetSpec.class,
                warnings);
        return labelled(document, () -> reader.asset(kind, document.tree()));
    }

    /** The YAML file as a tree; its folder is the base of relative paths and its name the errors' prefix. */
    public SpecDocument read(Path file) {
        String label = file.toString();
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "--file: " + label + " does not exist (resolved to "
                    + absolute + ")", "--file");
        }
        JsonNode tree;
        try {
            tree = yaml.readTree(absolute.toFile());
        } catch (JsonProcessingException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, label + ": " + describe(e));
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, label + ": cannot be read (" + e.getMessage() + ")");
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, label + ": the file is empty (expected: a YAML mapping "
                    + "such as `name: my-endpoint`)");
        }
        if (!tree.isObject()) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, label + ": the document is "
                    + (tree.isArray() ? "a list" : "the value " + tree) + " (expected: a mapping of keys to values)");
        }
        return new SpecDocument((ObjectNode) tree, absolute.getParent(), label);
    }

    public EndpointSpec endpoint(Path file) {
        return endpoint(read(file));
    }

    public EndpointSpec endpoint(SpecDocument document) {
        ReadOnlyFields.strip(document, EndpointSpec.class, warnings);
        return labelled(document, () -> EndpointValidator.validate(reader.endpoint(document.tree())));
    }

    public DeploymentSpec deployment(Path file) {
        return deployment(read(file));
    }

    /** Binds, validates, checks the local paths, uploads them and answers the spec with artifact references. */
    public DeploymentSpec deployment(SpecDocument document) {
        return prepare(document).publish();
    }

    /**
     * Binds, validates and lists the local files without touching the network, so that a command can check
     * other things (does the endpoint exist?) before anything is uploaded.
     */
    public PreparedDeployment prepare(SpecDocument document) {
        ReadOnlyFields.strip(document, DeploymentSpec.class, warnings);
        return labelled(document, () -> {
            DeploymentSpec spec = DeploymentValidator.validate(reader.deployment(document.tree()));
            return PreparedDeployment.find(spec, document.baseDir(), publisher);
        });
    }

    static <T> T labelled(SpecDocument document, Supplier<T> step) {
        try {
            return step.get();
        } catch (SluiceException e) {
            throw document.label() == null ? e : e.prefixed(document.label());
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String first = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
        JsonLocation where = e.getLocation();
        return where == null || where.getLineNr() < 1 ? first
                : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + first;
    }
}
