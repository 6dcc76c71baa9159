package dev.sluice.cli.output;

import java.util.Locale;

/** {@code -o json|yaml|table}. */
public enum OutputFormat {
    JSON,
    YAML,
    TABLE;

    /** Parses the flag's value; the caller reports {@link IllegalArgumentException} as a usage error. */
    public static OutputFormat parse(String value) {
        for (OutputFormat format : values()) {
            if (format.name().equalsIgnoreCase(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException(value + " (expected: json | yaml | table)");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
