package dev.sluice.controlplane.environments;

import java.util.ArrayList;
import java.util.List;

/**
 * How well an interpreter meets an environment file: what is missing (or installed but does not import), which
 * installed versions differ from what the file asks for, and what needs no action (packages Sluice replaces,
 * optional ones, conda system libraries). Pure: it reads a probe's report.
 *
 * @param missing    requirements the interpreter cannot serve, with the reason
 * @param mismatched requirements installed at a version the file does not ask for
 * @param optional   optional requirements that are absent (pip installs them when it can; nothing fails without)
 * @param notes      one log line per finding worth telling the user
 */
record Assessment(List<Missing> missing, List<Requirement> mismatched, List<Requirement> optional, List<String> notes) {

    /** A requirement the interpreter lacks, and why. */
    record Missing(Requirement requirement, String reason) {
        String describe() {
            return requirement.describe() + (reason.isEmpty() ? "" : " [" + reason + "]");
        }
    }

    Assessment {
        missing = List.copyOf(missing);
        mismatched = List.copyOf(mismatched);
        optional = List.copyOf(optional);
        notes = List.copyOf(notes);
    }

    boolean complete() {
        return missing.isEmpty();
    }

    /** What pip should install when an index answers: the missing, the mismatched and the absent optional ones. */
    List<Requirement> installable() {
        List<Requirement> all = new ArrayList<>();
        missing.forEach(m -> all.add(m.requirement()));
        all.addAll(mismatched);
        all.addAll(optional);
        return all;
    }

    /** The distributions a probe has to look at for this file. */
    static List<String> distributions(EnvironmentFile file) {
        return file.requirements().stream().filter(r -> !r.isDirectReference()).map(Requirement::distribution)
                .distinct().toList();
    }

    /** @param where the interpreter, as notes name it ({@code /usr/bin/python3}) */
    static Assessment of(EnvironmentFile file, InterpreterProbe.Report report, String where) {
        List<Missing> missing = new ArrayList<>();
        List<Requirement> mismatched = new ArrayList<>();
        List<Requirement> optional = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (file.pythonVersion() != null && !VersionSpec.matches(file.pythonVersion(), report.python())) {
            notes.add("python: " + file.fileName() + " asks for python" + file.pythonVersion() + "; using Python "
                    + report.python() + " (" + where + "): environments are built from the base interpreter,"
                    + " which cannot be swapped for another Python version");
        }
        for (Requirement r : file.requirements()) {
            if (r.isDirectReference()) {
                missing.add(new Missing(r, "a direct reference, which only pip can fetch"));
                continue;
            }
            String d = r.distribution();
            if (DistributionNames.isReplacedBySluice(d)) {
                notes.add(d + ": provided by Sluice (its runner serves score.py in place of Azure's inference server)");
                continue;
            }
            if (DistributionNames.isToolchain(d)) {
                continue;
            }
            InterpreterProbe.Package p = report.get(d);
            boolean importable = p != null && Boolean.TRUE.equals(p.imports());
            if (p == null || !p.installed() && !importable) {
                absent(r, d, p, missing, optional, notes);
            } else if (Boolean.FALSE.equals(p.imports())) {
                missing.add(new Missing(r, "installed (" + p.version() + ") but " + p.error()));
            } else if (!p.installed()) {
                notes.add(d + ": imports as " + p.module() + " but has no distribution metadata, so its version is"
                        + " not checked");
            } else if (!VersionSpec.matches(r.specifier(), p.version())) {
                mismatched.add(r);
                notes.add(d + ": " + file.fileName() + " asks for " + r.line().strip() + "; using " + p.version()
                        + " from " + where);
            }
        }
        return new Assessment(missing, mismatched, optional, notes);
    }

    private static void absent(Requirement r, String d, InterpreterProbe.Package p, List<Missing> missing,
                               List<Requirement> optional, List<String> notes) {
        if (DistributionNames.isOptional(d)) {
            optional.add(r);
            notes.add(d + ": not installed; Sluice does not need it, but a score.py that imports "
                    + (p == null ? d.replace('-', '_') : p.module()) + " will fail in init()");
        } else if (r.source() == Requirement.Source.CONDA
                && DistributionNames.isCondaSystemPackage(Requirement.normalize(r.name()))) {
            notes.add(r.name() + ": a conda system package, not a Python distribution; skipped");
        } else {
            missing.add(new Missing(r, ""));
        }
    }
}
