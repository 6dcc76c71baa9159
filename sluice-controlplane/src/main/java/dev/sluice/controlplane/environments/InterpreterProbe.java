package dev.sluice.controlplane.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Asks an interpreter which of a list of distributions it has (through {@code importlib.metadata}, so that
 * {@code scikit-learn} is found as a distribution rather than guessed as a module), at which version, under which
 * import name, and optionally whether each imports.
 */
final class InterpreterProbe {

    /** One distribution as the interpreter has it. */
    record Package(String distribution, String version, String module, Boolean imports, String error) {
        boolean installed() {
            return version != null;
        }
    }

    /** What the interpreter reported. */
    record Report(String python, String executable, boolean hasPip, Map<String, Package> packages) {
        Package get(String distribution) {
            return packages.get(distribution);
        }
    }

    /** Whether to import each distribution's module too (slower: it loads numpy, scikit-learn, ...). */
    enum Depth { METADATA, IMPORTS }

    private static final String SCRIPT = "probe_interpreter.py";

    private final ObjectMapper json = new ObjectMapper();
    private final Duration limit;
    private final String script;

    InterpreterProbe(Duration limit) {
        this.limit = limit;
        try (InputStream in = InterpreterProbe.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the class path");
            }
            this.script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCRIPT + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws SluiceException ({@code ENVIRONMENT_FAILED}) when the interpreter cannot be started, fails, is too
     *                         old, or does not answer within the limit
     */
    Report probe(String python, List<String> distributions, Depth depth) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("sluice-probe-");
            Path report = scratch.resolve("report.json");
            Path output = scratch.resolve("output.txt");
            ChildProcess.Result result = ChildProcess.run(List.of(python, "-B", "-c", script,
                    request(distributions, depth), report.toString()), Map.of(), scratch, limit, output);
            if (result.timedOut()) {
                throw failed(python, "did not answer within " + limit.toSeconds() + " s");
            }
            if (!result.succeeded() || !Files.exists(report)) {
                throw failed(python, "exited with code " + result.exitCode() + ": " + tail(output));
            }
            return parse(json.readTree(report.toFile()), python);
        } catch (IOException e) {
            throw failed(python, "cannot be started: " + e.getMessage());
        } finally {
            delete(scratch);
        }
    }

    private String request(List<String> distributions, Depth depth) throws IOException {
        List<Map<String, Object>> packages = distributions.stream()
                .map(d -> Map.<String, Object>of("name", d, "modules", DistributionNames.knownImports(d))).toList();
        return json.writeValueAsString(Map.of("packages", packages, "import", depth == Depth.IMPORTS));
    }

    private static Report parse(JsonNode root, String python) {
        if (root.hasNonNull("error")) {
            throw failed(python, root.get("error").asText());
        }
        Map<String, Package> packages = new LinkedHashMap<>();
        root.path("packages").properties().forEach(e -> {
            JsonNode p = e.getValue();
            packages.put(e.getKey(), new Package(e.getKey(), p.hasNonNull("version") ? p.get("version").asText() : null,
                    p.path("module").asText(null), p.has("imports") ? p.get("imports").asBoolean() : null,
                    p.hasNonNull("error") ? p.get("error").asText() : null));
        });
        return new Report(root.path("python").asText(), root.path("executable").asText(python),
                root.path("pip").asBoolean(false), new HashMap<>(packages));
    }

    private static SluiceException failed(String python, String what) {
        return SluiceException.of(ErrorCode.ENVIRONMENT_FAILED, "the Python interpreter " + python + " " + what
                + " (expected: a Python 3.8 or later interpreter; choose it with sluice server --python)");
    }

    private static String tail(Path output) throws IOException {
        if (!Files.exists(output)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A scratch folder left in the temp directory is harmless.
        }
    }
}
