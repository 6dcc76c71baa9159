package dev.sluice.controlplane.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an environment file asks for: a conda environment file ({@code dependencies:} with conda specs and a
 * {@code pip:} list) or a pip requirements file.
 *
 * @param fileName      the file's name, for messages
 * @param pythonVersion conda's {@code python=3.9} specifier ({@code =3.9}), or null when it names none
 * @param requirements  the packages, in file order, without {@code python} itself
 * @param ignored       entries Sluice cannot act on (pip options such as {@code --extra-index-url}, {@code -r}), as written
 */
record EnvironmentFile(String fileName, String pythonVersion, List<Requirement> requirements, List<String> ignored) {

    EnvironmentFile {
        requirements = List.copyOf(requirements);
        ignored = List.copyOf(ignored);
    }

    /** @throws SluiceException ({@code ENVIRONMENT_FAILED}) naming the file and the entry when it cannot be read */
    static EnvironmentFile parse(String fileName, String text) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean conda = lower.endsWith(".yml") || lower.endsWith(".yaml")
                || text.lines().anyMatch(l -> l.startsWith("dependencies:"));
        return conda ? conda(fileName, text) : pip(fileName, text);
    }

    private static EnvironmentFile conda(String fileName, String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(fileName, "is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(fileName, "is not a conda environment file (expected: a mapping with dependencies:)");
        }
        JsonNode dependencies = root.path("dependencies");
        if (!dependencies.isMissingNode() && !dependencies.isNull() && !dependencies.isArray()) {
            throw invalid(fileName, "dependencies: " + dependencies + " (expected: a list)");
        }
        String python = null;
        List<Requirement> requirements = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : dependencies) {
            if (entry.isTextual() || entry.isNumber()) {
                Requirement r = Requirement.conda(entry.asText());
                if (r.name() != null && Requirement.normalize(r.name()).equals("python")) {
                    python = r.specifier().isEmpty() ? null : r.specifier();
                } else {
                    requirements.add(r);
                }
            } else if (entry.isObject() && entry.has("pip") && entry.get("pip").isArray()) {
                for (JsonNode line : entry.get("pip")) {
                    addPipLine(line.asText(), requirements, ignored);
                }
            } else {
                throw invalid(fileName, "dependencies[" + index + "]: " + entry
                        + " (expected: a conda package such as numpy=1.23.5, or pip: [...])");
            }
            index++;
        }
        return new EnvironmentFile(fileName, python, requirements, ignored);
    }

    private static EnvironmentFile pip(String fileName, String text) {
        List<Requirement> requirements = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        text.lines().forEach(line -> addPipLine(line, requirements, ignored));
        return new EnvironmentFile(fileName, null, requirements, ignored);
    }

    private static void addPipLine(String raw, List<Requirement> requirements, List<String> ignored) {
        String line = raw.contains(" #") ? raw.substring(0, raw.indexOf(" #")) : raw;
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("-")) {
            ignored.add(line);
        } else {
            requirements.add(Requirement.pip(line));
        }
    }

    private static SluiceException invalid(String fileName, String what) {
        return SluiceException.of(ErrorCode.ENVIRONMENT_FAILED, "environment.conda_file " + fileName + " " + what,
                "environment.conda_file");
    }
}
