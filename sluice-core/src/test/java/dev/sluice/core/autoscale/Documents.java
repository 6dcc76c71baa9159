package dev.sluice.core.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.model.DeploymentId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/** Autoscale documents for tests: Azure's example, JSON text, and edits at a path such as {@code profiles[0].name}. */
final class Documents {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final DeploymentId BLUE = new DeploymentId("my-endpoint", "blue");
    /** Windows names as Azure writes them, mapped by hand (the ICU resolver lives in the control plane). */
    static final ZoneResolver ZONES = new ZoneResolver() {
        private final Map<String, String> windows = Map.of(
                "Pacific Standard Time", "America/Los_Angeles", "W. Europe Standard Time", "Europe/Berlin");

        @Override
        public Optional<ZoneId> find(String name) {
            return windows.containsKey(name) ? Optional.of(ZoneId.of(windows.get(name))) : ZoneResolver.iana().find(name);
        }

        @Override
        public String accepted() {
            return "a test time zone";
        }
    };

    /** The cores of the machine the tests read settings for, which CpuUtilizationPercentage warnings name. */
    static final int CORES = 4;

    private Documents() {
    }

    /** Azure's documented example for online endpoints: min 2, max 5, CPU > 70 → +2, CPU < 25 → −1, latency > 70 → +1. */
    static ObjectNode azureExample() {
        try (InputStream in = Documents.class.getResourceAsStream("azure-example.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AutoscaleSetting read(JsonNode document) {
        return AutoscaleSettingReader.create(ZONES, CORES).read(document, BLUE);
    }

    /** The warning of a CpuUtilizationPercentage rule at {@code rule} ({@code properties.profiles[0].rules[0]}). */
    static String cpuWarning(String rule, String threshold, String busyCores) {
        return rule + ".metricTrigger.metricName: CpuUtilizationPercentage of an instance is its share of all "
                + CORES + " cores of this machine (100 = every core busy), so the threshold " + threshold
                + " stands for " + busyCores + " busy cores; a single-threaded instance reaches at most 25";
    }

    /** {@code document} with the value at {@code path} ({@code a.b[0].c}) set to {@code value} (JSON text), or removed when null. */
    static ObjectNode with(ObjectNode document, String path, String value) {
        String[] steps = path.split("\\.");
        JsonNode node = document;
        for (int i = 0; i < steps.length - 1; i++) {
            node = step(node, steps[i]);
        }
        String last = steps[steps.length - 1];
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            ArrayNode array = (ArrayNode) node.get(last.substring(0, bracket));
            array.set(Integer.parseInt(last.substring(bracket + 1, last.length() - 1)), json(value));
            return document;
        }
        ObjectNode parent = (ObjectNode) node;
        if (value == null) {
            parent.remove(last);
        } else {
            parent.set(last, json(value));
        }
        return document;
    }

    /** The example's properties, at {@code path} below them. */
    static ObjectNode example(String path, String value) {
        return with(azureExample(), "properties." + path, value);
    }

    private static JsonNode step(JsonNode node, String step) {
        int bracket = step.indexOf('[');
        if (bracket < 0) {
            return node.get(step);
        }
        ArrayNode array = (ArrayNode) node.get(step.substring(0, bracket));
        return array.get(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
    }
}
