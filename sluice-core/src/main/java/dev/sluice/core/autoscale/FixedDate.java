package dev.sluice.core.autoscale;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A one-off window {@code [start, end)} in which a profile is active. The reader has already placed a start or
 * end written without an offset in {@code timeZone}; {@code timeZone} is kept to write the setting back.
 */
public record FixedDate(String timeZone, OffsetDateTime start, OffsetDateTime end) {

    public FixedDate {
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** Whether {@code now} is in {@code [start, end)}. */
    public boolean covers(Instant now) {
        return !now.isBefore(start.toInstant()) && now.isBefore(end.toInstant());
    }
}
