package dev.sluice.core.spec;

import dev.sluice.core.error.SluiceException;
import java.util.regex.Pattern;

/** Azure's naming rule for endpoints and deployments: a letter, then letters, digits and hyphens; 3–32 chars. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$");
    public static final String RULE = "3-32 characters: a letter, then letters, digits or '-', not ending in '-'";

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() >= 3 && name.length() <= 32 && NAME.matcher(name).matches();
    }

    /** Fails with {@code field: value (expected: …)} unless {@code name} follows the rule. */
    public static String require(String field, String name) {
        if (name == null || name.isBlank()) {
            throw SluiceException.badArgument(field, "(missing)", RULE);
        }
        if (!isValid(name)) {
            throw SluiceException.badArgument(field, name, RULE);
        }
        return name;
    }
}
