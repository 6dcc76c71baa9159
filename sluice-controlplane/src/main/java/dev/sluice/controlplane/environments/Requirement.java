package dev.sluice.controlplane.environments;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package that an environment file asks for.
 *
 * @param name      the distribution name as written ({@code scikit-learn}), or null for a direct reference (a URL or
 *                  path without a name) that only an index or the file system could provide
 * @param extras    pip extras such as {@code numpy-support}, or empty
 * @param specifier the version constraint ({@code ==1.2.2}, {@code =1.23.5} in conda's sense, {@code >=1}), or empty
 * @param source    which part of the file it came from
 * @param line      the entry as written, for messages
 */
record Requirement(String name, String extras, String specifier, Source source, String line) {

    /** Where an entry came from: conda's dependency list or a pip list (conda's {@code pip:} or a requirements file). */
    enum Source {
        CONDA, PIP;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*(.*)$");

    /** A conda match spec: {@code numpy=1.23.5}, {@code numpy 1.23.5 py39_0}, {@code conda-forge::numpy>=1.2}. */
    static Requirement conda(String spec) {
        String line = spec.trim();
        String rest = line.contains("::") ? line.substring(line.indexOf("::") + 2) : line;
        Matcher m = NAME.matcher(rest);
        if (!m.matches()) {
            return new Requirement(null, "", "", Source.CONDA, line);
        }
        String version = m.group(3).trim();
        if (!version.isEmpty() && Character.isDigit(version.charAt(0))) {
            version = "=" + version.split("\\s+")[0];
        } else if (version.startsWith("=") && !version.startsWith("==")) {
            // "=1.23.5=py39_0": the part after the second "=" is a conda build string
            String[] parts = version.substring(1).split("=", 2);
            version = "=" + parts[0];
        }
        return new Requirement(m.group(1), "", version.replace(" ", ""), Source.CONDA, line);
    }

    /** A PEP 508 line: {@code name[extras] specifiers ; markers}, or {@code name @ url}, or a bare URL or path. */
    static Requirement pip(String entry) {
        String line = entry.trim();
        String spec = line.contains(";") ? line.substring(0, line.indexOf(';')).trim() : line;
        if (spec.contains(" @ ")) {
            return new Requirement(spec.substring(0, spec.indexOf(" @ ")).trim(), "", "", Source.PIP, line);
        }
        Matcher m = NAME.matcher(spec);
        if (!m.matches() || spec.contains("://") || spec.startsWith(".") || spec.startsWith("/")) {
            return new Requirement(null, "", "", Source.PIP, line);
        }
        String extras = m.group(2) == null ? "" : m.group(2).substring(1, m.group(2).length() - 1).trim();
        return new Requirement(m.group(1), extras, m.group(3).replace(" ", ""), Source.PIP, line);
    }

    /** The distribution name as PEP 503 compares names: lower case, runs of {@code -_.} as one {@code -}. */
    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** The name pip and {@code importlib.metadata} know this package by (conda names some packages differently). */
    String distribution() {
        if (name == null) {
            return null;
        }
        String normalized = normalize(name);
        return source == Source.CONDA ? DistributionNames.pipNameOfConda(normalized) : normalized;
    }

    boolean isDirectReference() {
        return name == null;
    }

    /** What to ask pip for: the line as written for pip entries; conda's {@code =1.2} becomes {@code ==1.2.*}. */
    String pipSpec() {
        if (source == Source.PIP || isDirectReference()) {
            return line.contains(";") ? line.substring(0, line.indexOf(';')).trim() : line;
        }
        String spec = specifier;
        if (spec.startsWith("=") && !spec.startsWith("==")) {
            spec = "==" + spec.substring(1) + (spec.endsWith(".*") ? "" : ".*");
        }
        return distribution() + spec;
    }

    /** The entry as a message shows it: {@code scikit-learn=1.2.2 (conda)}. */
    String describe() {
        return line + " (" + source.wire() + ")";
    }
}
