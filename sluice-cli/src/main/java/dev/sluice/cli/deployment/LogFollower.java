package dev.sluice.cli.deployment;

import java.util.ArrayList;
import java.util.List;

/**
 * For {@code get-logs --follow}: which lines of a freshly fetched tail are new, given the lines already
 * printed. The longest run of the last printed lines found in the new tail marks where new lines begin
 * (the oldest of them may have scrolled out of the tail). When none is found (more new lines than one
 * fetch holds), the whole fetch is new.
 */
final class LogFollower {

    private static final int ANCHOR = 3;
    private final List<String> printed = new ArrayList<>();

    /** The lines of {@code fetched} not printed yet; they count as printed from now on. */
    List<String> next(List<String> fetched) {
        List<String> fresh = fetched.subList(newFrom(fetched), fetched.size());
        printed.addAll(fresh);
        if (printed.size() > ANCHOR) {
            printed.subList(0, printed.size() - ANCHOR).clear();
        }
        return List.copyOf(fresh);
    }

    private int newFrom(List<String> fetched) {
        for (int k = printed.size(); k >= 1; k--) {
            List<String> last = printed.subList(printed.size() - k, printed.size());
            for (int end = fetched.size(); end >= k; end--) {
                if (fetched.subList(end - k, end).equals(last)) {
                    return end;
                }
            }
        }
        return 0;
    }
}
