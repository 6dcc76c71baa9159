package dev.sluice.core.autoscale;

import java.util.List;
import java.util.Objects;

/**
 * One autoscale profile: the capacity it keeps and its rules, and when it applies: at a fixed date, on a weekly
 * recurrence, or (neither) by default.
 *
 * @param recurrence null unless the profile recurs weekly
 * @param fixedDate null unless the profile applies in one window
 */
public record Profile(String name, Capacity capacity, List<Rule> rules, Recurrence recurrence, FixedDate fixedDate) {

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(capacity, "capacity");
        rules = List.copyOf(rules);
        if (recurrence != null && fixedDate != null) {
            throw new IllegalArgumentException("a profile has a recurrence or a fixed date, not both");
        }
    }

    /** A profile with neither recurrence nor fixed date: the one in force when no other is. */
    public boolean isDefault() {
        return recurrence == null && fixedDate == null;
    }
}
