package dev.sluice.cli.command;

import dev.sluice.core.error.SluiceException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code --traffic "blue=90 green=10"} and {@code --mirror-traffic "green=10"} into an ordered map.
 * Errors name the option and the token ({@code --traffic: blue=ninety (expected: NAME=PERCENT)}); percentages
 * are checked here too so that the message names the option rather than a field of the spec.
 */
public final class TrafficAssignments {

    private static final Pattern TOKEN = Pattern.compile("^([^=\\s]+)=(-?\\d{1,9})$");

    private TrafficAssignments() {
    }

    /** {@code --traffic}: every percentage 0..100, summing to 0 or 100. */
    public static Map<String, Integer> traffic(List<String> values) {
        Map<String, Integer> traffic = parse("--traffic", values, 100);
        int sum = traffic.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != 0 && sum != 100) {
            throw SluiceException.badArgument("--traffic", String.join(" ", values).strip() + " sums to " + sum,
                    "percentages that sum to 0 or 100");
        }
        return traffic;
    }

    /** {@code --mirror-traffic}: percentages 0..50. */
    public static Map<String, Integer> mirror(List<String> values) {
        return parse("--mirror-traffic", values, 50);
    }

    static Map<String, Integer> parse(String option, List<String> values, int max) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String value : values) {
            for (String token : value.trim().split("[\\s,]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                Matcher m = TOKEN.matcher(token);
                if (!m.matches()) {
                    throw SluiceException.badArgument(option, token, "NAME=PERCENT");
                }
                int percent = Integer.parseInt(m.group(2));
                if (percent < 0 || percent > max) {
                    throw SluiceException.badArgument(option, token, "NAME=PERCENT with a PERCENT of 0.." + max);
                }
                if (out.put(m.group(1), percent) != null) {
                    throw SluiceException.badArgument(option, token, "each deployment once; "
                            + m.group(1) + " is given twice");
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
