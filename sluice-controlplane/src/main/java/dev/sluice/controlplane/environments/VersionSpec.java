package dev.sluice.controlplane.environments;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an installed version satisfies what a conda or pip file asks for: pip's {@code ==, !=, >=, <=, >, <, ~=,
 * ===} (with {@code .*}), and conda's {@code =1.2} (that release or any later one inside it) and {@code |}.
 * Releases compare number by number; a pre-release ({@code rc1}, {@code b2}, {@code .dev0}) sorts before its release.
 */
final class VersionSpec {

    private static final Pattern RELEASE = Pattern.compile("^v?(\\d+(?:\\.\\d+)*)(.*)$");
    private static final Pattern CLAUSE = Pattern.compile("^(===|==|!=|>=|<=|~=|>|<|=)?\\s*(.+)$");

    private VersionSpec() {
    }

    /** True when {@code version} satisfies every clause of {@code specifier} (an empty specifier: always). */
    static boolean matches(String specifier, String version) {
        if (specifier == null || specifier.isBlank()) {
            return true;
        }
        for (String alternative : specifier.split("\\|")) {
            boolean all = true;
            for (String clause : alternative.split(",")) {
                if (!clause.isBlank() && !clauseMatches(clause.trim(), version)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean clauseMatches(String clause, String version) {
        Matcher m = CLAUSE.matcher(clause);
        if (!m.matches()) {
            return true;
        }
        String op = m.group(1) == null ? "=" : m.group(1);
        String wanted = m.group(2).trim();
        return switch (op) {
            case "===" -> version.equals(wanted);
            case "==" -> wanted.endsWith(".*") ? prefix(wanted.substring(0, wanted.length() - 2), version)
                    : compare(version, wanted) == 0;
            // conda's "=1.2" means 1.2 or any release inside it (1.2.3), like pip's "==1.2.*"
            case "=" -> prefix(wanted.endsWith(".*") ? wanted.substring(0, wanted.length() - 2) : wanted, version);
            case "!=" -> wanted.endsWith(".*") ? !prefix(wanted.substring(0, wanted.length() - 2), version)
                    : compare(version, wanted) != 0;
            case ">=" -> compare(version, wanted) >= 0;
            case "<=" -> compare(version, wanted) <= 0;
            case ">" -> compare(version, wanted) > 0;
            case "<" -> compare(version, wanted) < 0;
            case "~=" -> compare(version, wanted) >= 0 && prefix(compatiblePrefix(wanted), version);
            default -> true;
        };
    }

    /** {@code ~=1.4.2} means {@code >=1.4.2, ==1.4.*}. */
    private static String compatiblePrefix(String wanted) {
        List<Integer> release = release(wanted);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.max(1, release.size() - 1); i++) {
            parts.add(Integer.toString(release.get(i)));
        }
        return String.join(".", parts);
    }

    private static boolean prefix(String wanted, String version) {
        List<Integer> want = release(wanted);
        List<Integer> have = release(version);
        if (have.size() < want.size()) {
            have = new ArrayList<>(have);
            while (have.size() < want.size()) {
                have.add(0);
            }
        }
        return have.subList(0, want.size()).equals(want);
    }

    /** Negative, zero or positive as {@code a} is older than, the same as, or newer than {@code b}. */
    static int compare(String a, String b) {
        List<Integer> ra = release(a);
        List<Integer> rb = release(b);
        for (int i = 0; i < Math.max(ra.size(), rb.size()); i++) {
            int x = i < ra.size() ? ra.get(i) : 0;
            int y = i < rb.size() ? rb.get(i) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(rank(suffix(a)), rank(suffix(b))) != 0
                ? Integer.compare(rank(suffix(a)), rank(suffix(b))) : suffix(a).compareTo(suffix(b));
    }

    private static List<Integer> release(String version) {
        Matcher m = RELEASE.matcher(version.trim());
        List<Integer> numbers = new ArrayList<>();
        if (m.matches()) {
            for (String part : m.group(1).split("\\.")) {
                numbers.add(Integer.parseInt(part.length() > 9 ? part.substring(0, 9) : part));
            }
        }
        return numbers;
    }

    private static String suffix(String version) {
        Matcher m = RELEASE.matcher(version.trim());
        return m.matches() ? m.group(2).toLowerCase(java.util.Locale.ROOT) : version;
    }

    /** Development and pre-releases come before the release; post-releases and local versions after. */
    private static int rank(String suffix) {
        String s = suffix.startsWith(".") || suffix.startsWith("-") ? suffix.substring(1) : suffix;
        if (s.isEmpty()) {
            return 0;
        }
        if (s.startsWith("dev")) {
            return -2;
        }
        if (s.startsWith("a") || s.startsWith("b") || s.startsWith("rc") || s.startsWith("c")) {
            return -1;
        }
        return 1;
    }
}
