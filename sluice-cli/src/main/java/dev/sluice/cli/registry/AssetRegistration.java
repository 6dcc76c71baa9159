package dev.sluice.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.cli.yaml.AssetFiles;
import dev.sluice.cli.yaml.SetAssignment;
import dev.sluice.cli.yaml.SpecDocument;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.AssetSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code sluice model create} and {@code sluice environment create} share: the YAML file (or none), the
 * options on top of it, {@code --set}, binding with errors that name the field, the upload of local files, and
 * the registration.
 */
final class AssetRegistration {

    private final ObjectNode options = JsonNodeFactory.instance.objectNode();

    /** A field given as an option; it wins over the file's. */
    AssetRegistration option(String field, String value) {
        if (value != null) {
            options.put(field, value);
        }
        return this;
    }

    /** {@code --tags k=v ...} as the {@code tags} mapping. */
    AssetRegistration tags(List<String> tags) {
        if (tags != null && !tags.isEmpty()) {
            ObjectNode map = options.putObject("tags");
            for (String tag : tags) {
                int equals = tag.indexOf('=');
                if (equals <= 0) {
                    throw SluiceException.badArgument("--tags", tag, "KEY=VALUE");
                }
                map.put(tag.substring(0, equals), tag.substring(equals + 1));
            }
        }
        return this;
    }

    void register(Session session, AssetKind kind, Path file, List<String> sets) {
        sets.forEach(SetAssignment::parse); // syntax errors before any call to the server
        SpecDocument document = file == null
                ? SpecDocument.of(JsonNodeFactory.instance.objectNode(), session.workingDir())
                : session.specFiles().read(file);
        document.tree().setAll(options);
        SetAssignment.applyAll(sets, document.tree());
        AssetSpec spec = session.specFiles().asset(kind, document);
        JsonNode created = session.client().assets().create(AssetFiles.publish(spec, document, session.artifacts()));
        session.print(created, ResourceKind.ASSET);
    }
}
