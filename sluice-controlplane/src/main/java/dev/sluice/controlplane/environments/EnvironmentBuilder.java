package dev.sluice.controlplane.environments;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds one environment: chooses the base interpreter, creates a virtual environment from it with the system's
 * site packages, installs what is missing with pip when the package index answers, checks that every package
 * imports, and writes the marker that makes the folder a finished environment. Blocking; runs on a builder thread.
 */
final class EnvironmentBuilder {

    /** A surveyed base interpreter and how well it meets the file. */
    record Choice(String interpreter, InterpreterProbe.Report report, Assessment assessment) {
        String describe() {
            return report.executable() + " (Python " + report.python() + ")";
        }
    }

    private final PythonEnvironmentOptions options;
    private final InterpreterProbe probe;
    private final ObjectMapper json;
    private final Clock clock;

    EnvironmentBuilder(PythonEnvironmentOptions options, InterpreterProbe probe, ObjectMapper json, Clock clock) {
        this.options = options;
        this.probe = probe;
        this.json = json;
        this.clock = clock;
    }

    /** The first base interpreter that has every package, else the first that runs; each finding is logged. */
    Choice choose(EnvironmentFile file, BuildLog log) {
        List<String> failures = new ArrayList<>();
        Choice first = null;
        for (String base : options.baseInterpreters()) {
            InterpreterProbe.Report report;
            try {
                report = probe.probe(base, Assessment.distributions(file), InterpreterProbe.Depth.METADATA);
            } catch (SluiceException e) {
                failures.add(e.getMessage());
                log.line(e.getMessage());
                continue;
            }
            Choice choice = new Choice(base, report, Assessment.of(file, report, report.executable()));
            if (choice.assessment().complete()) {
                log.line("base interpreter: " + choice.describe() + ", which has every package " + file.fileName()
                        + " asks for");
                return choice;
            }
            log.line("base interpreter " + choice.describe() + " lacks " + describe(choice.assessment().missing()));
            first = first == null ? choice : first;
        }
        if (first == null) {
            throw SluiceException.of(ErrorCode.ENVIRONMENT_FAILED, String.join("; ", failures));
        }
        return first;
    }

    /** Builds the environment into {@code dir} and returns its interpreter. */
    Path build(EnvironmentFile file, String hash, Path dir, BuildLog log) throws IOException {
        long started = System.nanoTime();
        log.line("building environment " + hash + " from " + file.fileName() + " ("
                + file.requirements().stream().map(r -> r.line().strip()).collect(Collectors.joining(", ")) + ")");
        if (!file.ignored().isEmpty()) {
            log.line("ignored (Sluice reads package names only): " + String.join(" ", file.ignored()));
        }
        Choice base = choose(file, log);
        List<Requirement> wanted = base.assessment().installable();
        boolean index = !wanted.isEmpty() && IndexProbe.answers(options.packageIndex(), options.indexTimeout());
        if (!wanted.isEmpty()) {
            log.line(index ? "package index " + options.packageIndex() + " answers; pip installs " + specs(wanted)
                    : "no package index answers (" + options.packageIndex() + " within " + options.indexTimeout()
                    .toSeconds() + " s): the packages of " + base.describe() + " are used");
        }
        deleteTree(dir);
        Files.createDirectories(dir.getParent());
        createVenv(base.report().executable(), dir, log);
        Path python = interpreterOf(dir);
        if (index) {
            pipInstall(python, wanted, log);
        }
        return verify(file, hash, dir, python, base, index, log, started);
    }

    /** Every package must now be there and import; the findings are logged and kept in the marker. */
    private Path verify(EnvironmentFile file, String hash, Path dir, Path python, Choice base, boolean index,
                        BuildLog log, long started) throws IOException {
        InterpreterProbe.Report report = probe.probe(python.toString(), Assessment.distributions(file),
                InterpreterProbe.Depth.IMPORTS);
        Assessment result = Assessment.of(file, report, base.report().executable());
        if (!result.complete()) {
            deleteTree(dir);
            throw SluiceException.of(ErrorCode.ENVIRONMENT_FAILED, file.fileName() + " asks for packages that "
                    + base.describe() + " does not have: " + describe(result.missing()) + (index
                    ? "; pip could not install them (see get-logs --container storage-initializer)"
                    : "; no package index answered (" + options.packageIndex() + "), so they cannot be installed")
                    + " (expected: a base interpreter that has them, chosen with sluice server --python, or a"
                    + " reachable package index)");
        }
        result.notes().forEach(log::line);
        new EnvironmentMarker(python.toString(), base.report().executable(), report.python(), file.fileName(),
                Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), result.notes())
                .write(dir, json);
        log.line("environment " + hash + " ready: " + python + " (Python " + report.python() + ", built in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
        return python;
    }

    private void createVenv(String base, Path dir, BuildLog log) throws IOException {
        log.line("creating a virtual environment with the system site packages of " + base + " in " + dir);
        ChildProcess.Result venv = ChildProcess.run(List.of(base, "-m", "venv", "--system-site-packages",
                "--without-pip", dir.toString()), Map.of(), dir.getParent(), options.venvTimeout(), log.file());
        if (!venv.succeeded()) {
            deleteTree(dir);
            throw SluiceException.of(ErrorCode.ENVIRONMENT_FAILED, base + " -m venv " + (venv.timedOut()
                    ? "did not finish within " + options.venvTimeout().toSeconds() + " s"
                    : "failed with exit code " + venv.exitCode()) + " (see get-logs --container storage-initializer)");
        }
    }

    private void pipInstall(Path python, List<Requirement> wanted, BuildLog log) throws IOException {
        List<String> command = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install",
                "--disable-pip-version-check", "--no-input", "--index-url", options.packageIndex().toString(),
                "--timeout", "15", "--retries", "1"));
        wanted.forEach(r -> command.add(r.pipSpec()));
        ChildProcess.Result pip = ChildProcess.run(command, options.pipEnvironment(), python.getParent(),
                options.pipTimeout(), log.file());
        if (!pip.succeeded()) {
            log.line("pip install " + (pip.timedOut() ? "did not finish within " + options.pipTimeout().toMinutes()
                    + " min" : "failed with exit code " + pip.exitCode()) + "; checking what the environment has anyway");
        }
    }

    static Path interpreterOf(Path venv) {
        for (String candidate : List.of("bin/python3", "bin/python", "Scripts/python.exe")) {
            if (Files.exists(venv.resolve(candidate))) {
                return venv.resolve(candidate);
            }
        }
        throw SluiceException.of(ErrorCode.ENVIRONMENT_FAILED, "the virtual environment " + venv
                + " has no interpreter (expected: bin/python3)");
    }

    private static String specs(List<Requirement> requirements) {
        return requirements.stream().map(Requirement::pipSpec).collect(Collectors.joining(" "));
    }

    private static String describe(List<Assessment.Missing> missing) {
        return missing.stream().map(Assessment.Missing::describe).collect(Collectors.joining(", "));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
