package dev.sluice.cli.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fields that {@code az ml … show} (and {@code sluice … show}) print but that no spec sets: a YAML exported
 * from Azure is accepted with them dropped, each named in a warning, rather than refused as unknown keys.
 */
final class ReadOnlyFields {

    static final Set<String> NAMES = Set.of("id", "provisioning_state", "scoring_uri", "swagger_uri", "openapi_uri",
            "kind", "location", "properties", "resourceGroup", "resource_group", "creation_context", "created_at",
            "updated_at", "reason", "generation", "instances", "events", "warnings", "system_data", "archived",
            "latest_version", "latest_label");

    private ReadOnlyFields() {
    }

    /** Removes the read-only fields that are not fields of {@code specType} from the top of the tree. */
    static void strip(SpecDocument document, Class<? extends Record> specType, Consumer<String> warnings) {
        Set<String> specFields = SpecFields.of(specType);
        ObjectNode tree = document.tree();
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (NAMES.contains(name) && !specFields.contains(name)) {
                tree.remove(name);
                warnings.accept((document.label() == null ? "" : document.label() + ": ") + name
                        + ": ignored, a read-only field of exported `az ml ... show` output");
            }
        }
    }
}
