package dev.sluice.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Parses YAML text as the CLI does before handing the tree to {@link SpecReader}. */
final class Yaml {

    private static final YAMLMapper MAPPER = new YAMLMapper();

    private Yaml() {
    }

    static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EndpointSpec endpoint(String text) {
        return SpecReader.create().endpoint(tree(text));
    }

    static DeploymentSpec deployment(String text) {
        return SpecReader.create().deployment(tree(text));
    }
}
