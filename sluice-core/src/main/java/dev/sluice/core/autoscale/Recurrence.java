package dev.sluice.core.autoscale;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A weekly schedule at which a profile starts: every listed day, at every listed hour and minute, in
 * {@code timeZone} (a name the {@link ZoneResolver} knows, such as {@code Pacific Standard Time}). A recurring
 * profile has no end: it stays active until another profile starts, as in Azure.
 */
public record Recurrence(String timeZone, Set<DayOfWeek> days, List<Integer> hours, List<Integer> minutes) {

    public Recurrence {
        Objects.requireNonNull(timeZone, "timeZone");
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
        hours = List.copyOf(hours);
        minutes = List.copyOf(minutes);
    }

    /**
     * The latest start at or before {@code now}, in {@code zone}: always within the past week when the schedule is
     * not empty. A start that falls in a daylight-saving gap moves forward by the gap (02:30 on the spring-forward
     * day starts at 03:30); one in an overlap takes the earlier of the two instants.
     */
    public Optional<Instant> latestStart(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant latest = null;
        for (int back = 0; back <= 7; back++) {
            LocalDate date = today.minusDays(back);
            if (!days.contains(date.getDayOfWeek())) {
                continue;
            }
            for (int hour : hours) {
                for (int minute : minutes) {
                    Instant start = date.atTime(hour, minute).atZone(zone).toInstant();
                    if (!start.isAfter(now) && (latest == null || start.isAfter(latest))) {
                        latest = start;
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }
}
