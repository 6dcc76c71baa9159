package dev.sluice.cli.output;

import java.util.Locale;

/** {@code -o json|yaml|table|tsv|none}, as {@code az} spells them ({@code jsonc} and {@code yamlc} are its colored forms). */
public enum OutputFormat {
    JSON,
    YAML,
    TABLE,
    /** Values only, tab-separated, one line per list element: for shell scripts ({@code az … -o tsv}). */
    TSV,
    /** Nothing on stdout (errors still go to stderr). */
    NONE;

    /** Parses the flag's value; the caller reports {@link IllegalArgumentException} as a usage error. */
    public static OutputFormat parse(String value) {
        for (OutputFormat format : values()) {
            if (format.name().equalsIgnoreCase(value)) {
                return format;
            }
        }
        if ("jsonc".equalsIgnoreCase(value) || "yamlc".equalsIgnoreCase(value)) {
            return parse(value.substring(0, 4));
        }
        throw new IllegalArgumentException(value + " (expected: json | yaml | table | tsv | none)");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
